/**
 * JSONL import into an engine: valid lines are stored and indexed in
 * batches (one durable store write and one embedding pass per batch),
 * invalid ones reported with line number and field.
 */
import fs from 'node:fs';
import { schemaFor, type RecordKind } from '../domain/index.js';
import { parseJsonl, type LineError } from '../ingest/index.js';
import type { MatchEngine } from './engine.js';
import type { Progress } from './types.js';

export interface ImportReport {
  imported: string[];
  errors: LineError[];
  truncated: string[];
}

const BATCH = 500;

export async function importJsonlText(
  engine: MatchEngine,
  kind: RecordKind,
  text: string,
  onProgress?: Progress,
): Promise<ImportReport> {
  const { records, errors } = parseJsonl(text, schemaFor[kind]);
  const report: ImportReport = { imported: [], errors, truncated: [] };
  for (let start = 0; start < records.length; start += BATCH) {
    const batch = records.slice(start, start + BATCH).map((r) => r.record);
    const put = await engine.putRecords(kind, batch);
    report.imported.push(...put.stored.map((s) => s.record.id));
    report.truncated.push(...put.truncated);
    onProgress?.(`importing ${kind}s`, Math.min(start + BATCH, records.length), records.length);
  }
  return report;
}

export function importJsonlFile(
  engine: MatchEngine,
  kind: RecordKind,
  file: string,
  onProgress?: Progress,
): Promise<ImportReport> {
  return importJsonlText(engine, kind, fs.readFileSync(file, 'utf8'), onProgress);
}
