import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

describe('config', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DEMO_DATA).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA/);
  });

  it('reads the rate limits and timeouts, and refuses a headers timeout longer than the request timeout', () => {
    const config = loadConfig({ RATE_LIMIT_MAX: '50', RATE_LIMIT_HEAVY_MAX: '5', REQUEST_TIMEOUT_MS: '20000' });
    expect([config.RATE_LIMIT_MAX, config.RATE_LIMIT_HEAVY_MAX, config.REQUEST_TIMEOUT_MS]).toEqual([50, 5, 20_000]);
    expect(() => loadConfig({ RATE_LIMIT_MAX: '0' })).toThrow(/RATE_LIMIT_MAX/);
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '30000', REQUEST_TIMEOUT_MS: '20000' })).toThrow(
      /HEADERS_TIMEOUT_MS/,
    );
  });

  it('accepts PORT=0 to pick a free port', () => {
    expect(loadConfig({ PORT: '0' }).PORT).toBe(0);
  });
});
