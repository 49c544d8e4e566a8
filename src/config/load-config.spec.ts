import { inspect } from 'node:util';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('starts with no configuration at all: devnet, SQLite, Paseo addresses', () => {
    const config = loadConfig({});
    expect(config.chain.useDevnet).toBe(true);
    expect(config.storage.databaseUrl).toBe('sqlite:./data/polkamesh.db');
    expect(config.chain.contracts.aiJobQueue).toBe('0xa44639cd0d0e6c6607491088c9c549e184456122');
    expect(config.chain.contracts.phalaJobProcessor).toMatch(/^0x[0-9a-f]{64}$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every invalid variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        RPC_URL: 'http://x',
        AI_JOB_QUEUE_ADDRESS: '0x12',
        MAX_RETRIES: '-1',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'RPC_URL', 'AI_JOB_QUEUE_ADDRESS', 'MAX_RETRIES']) {
      expect(problems).toContain(name);
    }
  });

  it('gives every tuning number its default and takes an override', () => {
    const defaults = loadConfig({});
    expect(defaults.tx).toEqual({
      leaseMs: 30_000,
      pollIntervalMs: 500,
      maxInFlight: 32,
      maxAttempts: 8,
      retry: { baseMs: 1_000, maxMs: 60_000 },
      eraPeriod: 64,
      resendAfterMs: 30_000,
      gasMarginPercent: 20,
      mapAccountTimeoutMs: 60_000,
    });
    expect(defaults.follower).toEqual({
      batchSize: 32,
      maxTentativeDepth: 64,
      retryDelayMs: 2_000,
    });
    expect(defaults.chain.client).toEqual({
      stallBlocks: 10,
      maxFinalityLagBlocks: 20,
      reconnect: { minMs: 250, maxMs: 15_000 },
    });
    expect(defaults.health).toEqual({ maxFailedPasses: 3, stalledPassMs: 300_000 });
    expect(defaults.devnet.blockTimeMs).toBe(1_000);
    const tuned = loadConfig({ TX_POLL_INTERVAL_MS: '100', FOLLOWER_BATCH_SIZE: '8' });
    expect(tuned.tx.pollIntervalMs).toBe(100);
    expect(tuned.follower.batchSize).toBe(8);
  });

  it('refuses an era that is not a power of two and a backoff whose base exceeds its cap', () => {
    expect(() => loadConfig({ TX_ERA_PERIOD: '48' })).toThrow(
      /TX_ERA_PERIOD: expected a power of two/,
    );
    expect(() => loadConfig({ JOB_RETRY_BASE_MS: '5000', JOB_RETRY_MAX_MS: '1000' })).toThrow(
      /JOB_RETRY_BASE_MS: must not exceed JOB_RETRY_MAX_MS/,
    );
  });

  it('bounds the whole shutdown 10 s beyond the drain unless SHUTDOWN_TIMEOUT_MS says otherwise', () => {
    expect(loadConfig({}).operations).toMatchObject({
      shutdownDrainMs: 30_000,
      shutdownTimeoutMs: 40_000,
    });
    expect(loadConfig({ SHUTDOWN_DRAIN_MS: '15000' }).operations.shutdownTimeoutMs).toBe(25_000);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: '90000' }).operations.shutdownTimeoutMs).toBe(90_000);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: '30000' })).toThrow(
      /SHUTDOWN_TIMEOUT_MS: must exceed SHUTDOWN_DRAIN_MS \(30000\)/,
    );
  });

  it('splits several RPC endpoints and turns the devnet off', () => {
    const config = loadConfig({ RPC_URL: 'wss://a.example, wss://b.example' });
    expect(config.chain.endpoints).toEqual(['wss://a.example', 'wss://b.example']);
    expect(config.chain.useDevnet).toBe(false);
  });

  it('never prints a seed', () => {
    const config = loadConfig({ WORKER_SEED: '//VerySecretWorker' });
    const json = JSON.stringify(config, (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
    const dumped = `${json} ${inspect(config, { depth: 5 })} ${String(config.keys.workerSeed)}`;
    expect(dumped).not.toContain('VerySecretWorker');
    expect(config.keys.workerSeed?.reveal()).toBe('//VerySecretWorker');
  });

  it('requires a keystore password with a keystore file and a JWT secret in production', () => {
    expect(() => loadConfig({ KEYSTORE_FILE: 'k.json', NODE_ENV: 'production' })).toThrow(
      /KEYSTORE_PASSWORD[\s\S]*JWT_SECRET/,
    );
  });

  it.each(['development', 'production'])(
    'refuses the published placeholder and low-entropy JWT secrets (NODE_ENV=%s)',
    (nodeEnv) => {
      for (const [secret, reason] of [
        ['at-least-32-characters-of-random-secret', /placeholder/],
        ['a'.repeat(32), /repeated pattern/],
        [' '.repeat(32), /blank/],
      ] as const) {
        let error: unknown;
        try {
          loadConfig({ NODE_ENV: nodeEnv, JWT_SECRET: secret });
        } catch (err) {
          error = err;
        }
        expect(error).toBeInstanceOf(ConfigError);
        const message = (error as ConfigError).message;
        expect(message).toMatch(reason);
        expect(message).toContain('JWT_SECRET: ');
        expect(message).toContain("randomBytes(32).toString('base64url')");
      }
    },
  );

  it('takes a generated JWT secret, and an empty one as none (writes disabled)', () => {
    const secret = 'PAWCjnT9T7qIyaQWHtBA4NkgY1x-08IbH2WrjIHXCeM';
    expect(loadConfig({ JWT_SECRET: secret }).http.jwtSecret?.reveal()).toBe(secret);
    expect(loadConfig({ JWT_SECRET: '' }).http.jwtSecret).toBeNull();
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: '' })).toThrow(
      /JWT_SECRET: required in production/,
    );
  });

  it('reads FRONTEND_URL as a list of origins and names an entry that is not one', () => {
    const config = loadConfig({
      FRONTEND_URL: 'http://localhost:5173/, https://app.example ,http://127.0.0.1:5173',
    });
    expect(config.http.frontendOrigins).toEqual([
      'http://localhost:5173',
      'https://app.example',
      'http://127.0.0.1:5173',
    ]);
    expect(loadConfig({ FRONTEND_URL: 'http://a.example,' }).http.frontendOrigins).toEqual([
      'http://a.example',
    ]);
    expect(loadConfig({ FRONTEND_URL: '' }).http.frontendOrigins).toEqual(
      loadConfig({}).http.frontendOrigins,
    );
    for (const bad of ['http://localhost:3001/app', 'localhost:3001', 'ftp://x', 'http://u:p@x']) {
      expect(() => loadConfig({ FRONTEND_URL: `http://ok.example,${bad}` })).toThrow(
        `FRONTEND_URL: expected comma-separated origins like http://localhost:3001 (scheme, host, optional port; no path), got ${JSON.stringify(bad)}`,
      );
    }
  });

  it('reads the HTTP limits; the headers timeout never exceeds the request timeout', () => {
    expect(loadConfig({}).http.limits).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
      keepAliveTimeoutMs: 72_000,
      maxConnections: 1024,
    });
    expect(
      loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_MAX_CONNECTIONS: '50' }).http.limits,
    ).toEqual({
      headersTimeoutMs: 5_000,
      requestTimeoutMs: 5_000,
      keepAliveTimeoutMs: 72_000,
      maxConnections: 50,
    });
    expect(() => loadConfig({ HTTP_MAX_CONNECTIONS: '0' })).toThrow(/HTTP_MAX_CONNECTIONS/);
  });

  describe('the attestation key (ADR 0010)', () => {
    const problems = (env: Record<string, string>): string => {
      try {
        loadConfig(env);
      } catch (err) {
        return (err as ConfigError).problems.join('\n');
      }
      return '';
    };
    const PROD = {
      NODE_ENV: 'production',
      JWT_SECRET: 'PAWCjnT9T7qIyaQWHtBA4NkgY1x-08IbH2WrjIHXCeM',
    } as const;

    it('keeps ATTESTATION_SEED as a Secret that never prints', () => {
      const config = loadConfig({ ATTESTATION_SEED: '//VerySecretAttester' });
      const dumped = `${JSON.stringify(config, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))} ${inspect(config, { depth: 5 })}`;
      expect(dumped).not.toContain('VerySecretAttester');
      expect(config.keys.attestationSeed?.reveal()).toBe('//VerySecretAttester');
    });

    it('is required in production when a worker runs jobs, and optional elsewhere', () => {
      expect(problems({ ...PROD, WORKER_SEED: '//Dave' })).toMatch(
        /ATTESTATION_SEED: required in production/,
      );
      expect(problems({ ...PROD, WORKER_SEED: '//Dave', ATTESTATION_SEED: '//Attester' })).toBe('');
      expect(problems({ WORKER_SEED: '//Dave' })).toBe('');
    });

    it('may not be spelled as a transaction key', () => {
      expect(problems({ WORKER_SEED: '//Dave', ATTESTATION_SEED: '//Dave' })).toMatch(
        /ATTESTATION_SEED: must not be the transaction key \(WORKER_SEED\)/,
      );
      expect(problems({ ADMIN_SEED: '//Ferdie', ATTESTATION_SEED: ' //Ferdie ' })).toMatch(
        /\(ADMIN_SEED\)/,
      );
    });

    it('takes one source, a keystore with its password, and refuses a malformed hex seed without echoing it', () => {
      expect(
        problems({
          ATTESTATION_SEED: '//A',
          ATTESTATION_KEYSTORE_FILE: 'a.json',
          ATTESTATION_KEYSTORE_PASSWORD: 'p',
        }),
      ).toMatch(/either it or ATTESTATION_KEYSTORE_FILE/);
      expect(problems({ ATTESTATION_KEYSTORE_FILE: 'a.json' })).toMatch(
        /ATTESTATION_KEYSTORE_PASSWORD: required/,
      );
      const bad = problems({ ATTESTATION_SEED: '0x1234secret' });
      expect(bad).toMatch(/ATTESTATION_SEED: expected a 0x \+ 64 hex mini-secret/);
      expect(bad).not.toContain('1234secret');
    });
  });
});
