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

  describe('the attestation key (ADR 0010)', () => {
    const problems = (env: Record<string, string>): string => {
      try {
        loadConfig(env);
      } catch (err) {
        return (err as ConfigError).problems.join('\n');
      }
      return '';
    };
    const PROD = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) } as const;

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
