export * from './paths.js';
export { loadConfig, ConfigError, DEFAULT_MATCH_CACHE_LISTS, type AppConfig } from './config.js';
