/**
 * The introductions workflow's settings, from the validated config: the decline
 * reasons in force (DECLINE_REASONS_FILE or the default eight), the expiry in
 * days, and the region directory (REGIONS_FILE); and the engine's reader of
 * brokers' outcomes under those settings. Read once per distinct config,
 * so a bad file fails at start-up, when the feature registers its routes.
 */
import type { AppConfig } from '../config/index.js';
import type { PairOutcomeSource } from '../domain/index.js';
import { pairOutcomeSource } from './outcomes.js';
import { loadDeclineReasons } from './reasons.js';
import type { IntroductionSettings } from './service.js';
import type { Store } from '../store/index.js';
import { activeRegions, loadRegionDirectory, useRegions, type RegionDirectory } from '../regions/index.js';

const cache = new Map<string, IntroductionSettings>();
let regionsFile: string | undefined;

export function introductionSettings(config: AppConfig): IntroductionSettings {
  const key = `${config.DECLINE_REASONS_FILE ?? ''}\u0000${config.INTRODUCTION_EXPIRY_DAYS}`;
  let settings = cache.get(key);
  if (!settings) {
    settings = {
      expiryDays: config.INTRODUCTION_EXPIRY_DAYS,
      reasons: loadDeclineReasons(config.DECLINE_REASONS_FILE),
    };
    cache.set(key, settings);
  }
  return settings;
}

/** What the engine is given to read brokers' outcomes (OpenOptions.outcomes): the service and the CLI open it so. */
export function outcomeSourceFor(config: AppConfig): (store: Store) => PairOutcomeSource {
  return (store) => pairOutcomeSource(store, introductionSettings(config));
}

/** Installs the configured region directory for filters, scopes and statistics, and returns it. */
export function installRegions(config: AppConfig): RegionDirectory {
  if (regionsFile !== config.REGIONS_FILE) {
    useRegions(loadRegionDirectory(config.REGIONS_FILE));
    regionsFile = config.REGIONS_FILE;
  }
  return activeRegions();
}
