/**
 * The one config loader: environment variables with defaults, validated at
 * start-up. A bad value stops the process with the variable's name.
 */
import { z } from 'zod';
import { DEFAULT_DATA_DIR, DEFAULT_MODEL_DIR, DEFAULT_REGIONS_FILE } from './paths.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Match lists kept per process: a province's brokers' working set of demands, a few pages each. */
export const DEFAULT_MATCH_CACHE_LISTS = 2048;

const envObject = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  MODEL_DIR: z.string().min(1).default(DEFAULT_MODEL_DIR),
  /** Import the bundled demo data when the data directory is empty. */
  DEMO_DATA: bool.default(true),
  /** Let anyone without a key read the published achievement catalogue. */
  PUBLIC_CATALOGUE: bool.default(false),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 1mb or 512kb')
    .default('1mb'),
  /** Largest bulk import, in bytes of JSONL. */
  IMPORT_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 20mb')
    .default('20mb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** On SIGTERM, how long requests in flight may take before their connections are closed. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /**
   * postgres://user:password@host:port/db selects the PostgreSQL store (docs/postgres.md);
   * unset, the embedded lowdb store in DATA_DIR.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /**
   * Service processes on one port (node:cluster). Default: the number of cores on
   * PostgreSQL; always 1 on lowdb, whose file has one writer.
   */
  WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /** bge query instruction for demand queries; see README "Figures" for the eval behind the default. */
  QUERY_INSTRUCTION: bool.default(true),
  /**
   * The learned second stage (models/reranker), on by default: +0.026 nDCG@10 (full demands) and
   * +0.021 (title-only) over the shipped first stage under cross-validation
   * (docs/quality.md), and it is what lets brokers' outcomes move a list. Its cost in the bench is in
   * docs/benchmarks.md ("Latency"); false keeps the first stage's fused order.
   */
  SECOND_STAGE: bool.default(true),
  /**
   * Match lists of stored demands and achievements each process keeps until a record, the index or
   * the caller's view changes (src/engine/match-cache.ts); 0 computes every list afresh.
   */
  MATCH_CACHE_LISTS: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_MATCH_CACHE_LISTS),
  /** Region hierarchy, sub-markets and county nodes; the bundled Jilin file by default. */
  REGIONS_FILE: z.string().min(1).default(DEFAULT_REGIONS_FILE),
  /** A JSON list of decline reasons ({code, label}) replacing the default eight of src/domain/reasons.ts. */
  DECLINE_REASONS_FILE: z.string().min(1).optional(),
  /** Days a sent introduction waits for the enterprise's answer before it expires. */
  INTRODUCTION_EXPIRY_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Rate limits per key (per client address without a key), over one window; docs/security.md. */
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /** Every request in a window. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(1200),
  /** Requests that embed, rank or write in a window: matches, free-text lists, recommendations, POST/PATCH/DELETE. */
  RATE_LIMIT_HEAVY_MAX: z.coerce.number().int().min(1).default(300),
  /** A client must have sent all its headers within this time (408 after). */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** ... and its whole request, body included (408 after); the handler's own time does not count. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
});

const envSchema = envObject.refine((env) => env.HEADERS_TIMEOUT_MS <= env.REQUEST_TIMEOUT_MS, {
  path: ['HEADERS_TIMEOUT_MS'],
  message: 'must not be longer than REQUEST_TIMEOUT_MS',
});

export type AppConfig = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const relevant = Object.fromEntries(
    Object.keys(envObject.shape).flatMap((key) => (env[key] !== undefined && env[key] !== '' ? [[key, env[key]]] : [])),
  );
  const result = envSchema.safeParse(relevant);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  return result.data;
}
