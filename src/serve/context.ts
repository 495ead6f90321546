/** What every route is given: the engine, the settings, the keys and the logger. */
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import type { MatchEngine } from '../engine/index.js';
import type { KeyStore } from '../auth/index.js';

export interface ServiceContext {
  engine: MatchEngine;
  config: AppConfig;
  keys: KeyStore;
  logger: Logger;
  /** Server time. Deadlines and expiries read it; tests inject their own clock through AppDeps. */
  now: () => Date;
  /** `kind:id` of creates in flight, so two concurrent POSTs of one id cannot both succeed. */
  creating: Set<string>;
}
