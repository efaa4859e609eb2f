import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { rateLimitSettings } from '../../src/limits/settings.js';

const file = (json: unknown) => () => JSON.stringify(json);

describe('rate limit settings', () => {
  it('defaults to the tier table of DESIGN §6', () => {
    const { rateLimits } = loadConfig({});
    expect(rateLimits.enabled).toBe(true);
    expect(rateLimits.tiers).toEqual({
      FREE: { requestsPerMinute: 20, requestsPerMinutePerKey: 20, analysesPerHour: 10, batchSize: 10 },
      PRO: { requestsPerMinute: 100, requestsPerMinutePerKey: 100, analysesPerHour: 100, batchSize: 100 },
      ENTERPRISE: { requestsPerMinute: 500, requestsPerMinutePerKey: 500, analysesPerHour: 1000, batchSize: 1000 },
    });
    expect(rateLimits).toMatchObject({ anonymousPerMinute: 60, failedAuthPerMinute: 10, windowSeconds: 60, trustProxyHops: 0 });
  });

  it('a JSON file changes any number; environment variables win over it; null/unlimited lift a limit', () => {
    const settings = rateLimitSettings(
      { RATE_LIMITS_FILE: 'limits.json', RATE_LIMIT_PRO_ANALYSES_PER_HOUR: 250, RATE_LIMIT_ENTERPRISE_REQUESTS_PER_MINUTE: null },
      file({ tiers: { PRO: { requestsPerMinute: 150, analysesPerHour: 120 }, ENTERPRISE: { analysesPerHour: null } }, anonymousPerMinute: null, upgradeUrl: 'https://x.test/up' }),
    );
    expect(settings.tiers.PRO).toEqual({ requestsPerMinute: 150, requestsPerMinutePerKey: 150, analysesPerHour: 250, batchSize: 100 });
    expect(settings.tiers.ENTERPRISE).toEqual({ requestsPerMinute: null, requestsPerMinutePerKey: null, analysesPerHour: null, batchSize: 1000 });
    expect(settings.anonymousPerMinute).toBeNull();
    expect(settings.upgradeUrl).toBe('https://x.test/up');
    expect(loadConfig({ RATE_LIMIT_FREE_REQUESTS_PER_MINUTE: 'unlimited', RATE_LIMITS: 'off', TRUST_PROXY: 'true' }).rateLimits).toMatchObject({
      enabled: false,
      trustProxyHops: 1,
      tiers: { FREE: { requestsPerMinute: null } },
    });
  });

  it('a bad value stops start-up with the variable or file key named, never a silent default', () => {
    const fails = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).issues.join('\n');
      }
      throw new Error('accepted');
    };
    expect(fails({ RATE_LIMIT_FREE_REQUESTS_PER_MINUTE: '0' })).toContain('RATE_LIMIT_FREE_REQUESTS_PER_MINUTE');
    expect(fails({ RATE_LIMIT_PRO_ANALYSES_PER_HOUR: '50000' })).toContain('at most 30000');
    expect(fails({ RATE_LIMITS: 'maybe' })).toContain('RATE_LIMITS');
    expect(fails({ TRUST_PROXY: 'yes please' })).toContain('TRUST_PROXY');
    expect(fails({ RATE_LIMITS_FILE: '/nonexistent/limits.json' })).toContain('RATE_LIMITS_FILE: cannot read');
    expect(() => rateLimitSettings({ RATE_LIMITS_FILE: 'x' }, file({ tiers: { GOLD: {} } }))).toThrow(/RATE_LIMITS_FILE: tiers/);
    expect(() => rateLimitSettings({ RATE_LIMITS_FILE: 'x' }, () => '{nope')).toThrow('not valid JSON');
  });
});
