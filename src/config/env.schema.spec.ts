import { ConfigError, loadEnv } from './env.schema';

describe(loadEnv.name, () => {
  it('applies defaults when nothing is set', () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.EPP_POOL_SIZE).toBe(4);
    expect(env.EPP_PROFILE).toBe('auto');
    expect(env.EPP_HOST).toBeUndefined();
  });

  it('converts numbers and booleans from strings', () => {
    const env = loadEnv({ PORT: '8080', WORKER_ENABLED: 'false', EPP_POOL_SIZE: '2' });
    expect(env.PORT).toBe(8080);
    expect(env.WORKER_ENABLED).toBe(false);
    expect(env.EPP_POOL_SIZE).toBe(2);
  });

  it('names the variable and the rule when a value is wrong, without echoing it', () => {
    let error: unknown;
    try {
      loadEnv({ PORT: 'eighty', EPP_PROFILE: 'secretvalue', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT:/);
    expect(message).toMatch(/EPP_PROFILE:.*one of the following values/);
    expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(message).not.toContain('secretvalue');
  });

  it('requires registry credentials when a registry host is configured', () => {
    expect(() => loadEnv({ EPP_HOST: 'epp.example' })).toThrow(/EPP_CLIENT_ID\/EPP_PASSWORD: required/);
  });

  it('ignores environment variables it does not know', () => {
    expect(loadEnv({ PATH: '/bin', HOME: '/root' })).not.toHaveProperty('PATH');
  });
});
