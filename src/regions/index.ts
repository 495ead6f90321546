/**
 * Regions of the provincial market: the hierarchy (province → 市州 → county,
 * GB/T 2260 codes), the 分市场 and the 县域节点. One directory is active per
 * process: the bundled Jilin file unless REGIONS_FILE names another (the
 * introductions feature installs it at start-up). Filters, scopes and
 * statistics all read the active one, so they agree.
 */
import fs from 'node:fs';
import { parseOrThrow } from '../domain/index.js';
import { DEFAULT_REGIONS_FILE } from '../config/paths.js';
import { RegionDirectory } from './directory.js';
import { regionFileSchema } from './schema.js';

export { RegionDirectory, type RegionLevel, type RegionNode } from './directory.js';
export { regionFileSchema, type RegionFile } from './schema.js';

export function loadRegionDirectory(file: string): RegionDirectory {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`region file ${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  return new RegionDirectory(parseOrThrow(regionFileSchema, json, `region file ${file}`));
}

let active: RegionDirectory | undefined;

export function activeRegions(): RegionDirectory {
  active ??= loadRegionDirectory(DEFAULT_REGIONS_FILE);
  return active;
}

/** Installs the directory every filter, scope and statistic reads from now on. */
export function useRegions(directory: RegionDirectory): void {
  active = directory;
}
