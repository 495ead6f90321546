export * from './paths.js';
export { loadConfig, ConfigError, type AppConfig } from './config.js';
