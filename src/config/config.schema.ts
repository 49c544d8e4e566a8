import { z } from 'zod';
import { TUNING_ENV } from './tuning.schema';

const boolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** The web frontend's dev server, whichever of the two names the browser uses. */
const DEFAULT_FRONTEND_ORIGINS = 'http://localhost:3001,http://127.0.0.1:3001';

/** `http(s)://host[:port]` as a browser sends it in `Origin` (a trailing `/` is dropped); else null. */
function corsOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const isBare =
    url.username === '' && url.password === '' && url.pathname === '/' && !/[?#]/.test(text);
  return (url.protocol === 'http:' || url.protocol === 'https:') && isBare ? url.origin : null;
}

const h160 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte H160 address')
  .transform((v) => v.toLowerCase());
const accountId = z.string().min(1, 'expected an SS58 address or 0x-prefixed 32-byte account id');

/**
 * Every environment variable the service reads, with its default. The only place `process.env`
 * is interpreted; `.env.example` documents each one.
 */
export const ENV_SCHEMA = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Empty means unset (writes disabled); its strength is checked by loadConfig. */
  JWT_SECRET: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  API_RATE_LIMIT: int(100, 1, 1_000_000),
  /** Empty means the default. */
  FRONTEND_URL: z
    .string()
    .default(DEFAULT_FRONTEND_ORIGINS)
    .transform((v, ctx) => {
      const origins = (v.trim() === '' ? DEFAULT_FRONTEND_ORIGINS : v)
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      const bad = origins.filter((entry) => corsOrigin(entry) === null);
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected comma-separated origins like http://localhost:3001 (scheme, host, optional port; no path), got ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
        });
        return z.NEVER;
      }
      return [...new Set(origins.map((entry) => corsOrigin(entry)!))];
    }),
  CACHE_TTL: int(30, 0, 86_400),
  HTTP_HEADERS_TIMEOUT_MS: int(10_000, 1_000, 600_000),
  HTTP_REQUEST_TIMEOUT_MS: int(60_000, 1_000, 3_600_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(72_000, 1_000, 600_000),
  HTTP_MAX_CONNECTIONS: int(1024, 1, 1_000_000),
  DATABASE_URL: z.string().default('sqlite:./data/polkamesh.db'),
  RPC_URL: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((u) => u.trim())
            .filter(Boolean)
        : [],
    )
    .refine(
      (urls) => urls.every((u) => /^wss?:\/\//.test(u)),
      'each RPC_URL entry must be a ws:// or wss:// URL',
    ),
  CHAIN_NAME: z.string().default('PolkaMesh Devnet'),
  BLOCK_TIME_MS: int(6000, 10, 600_000),
  START_BLOCK: z.coerce.bigint().nonnegative().default(0n),
  CONFIRMATION_LAG_ALERT_BLOCKS: int(50, 1, 100_000),
  SIGNER_MIN_BALANCE_PLANCK: z.coerce.bigint().nonnegative().default(10_000_000_000n),
  AI_JOB_QUEUE_ADDRESS: h160.optional(),
  PAYMENT_ESCROW_ADDRESS: h160.optional(),
  COMPUTE_PROVIDER_REGISTRY_ADDRESS: h160.optional(),
  DATA_NFT_REGISTRY_ADDRESS: h160.optional(),
  PHALA_JOB_PROCESSOR_ADDRESS: accountId.optional(),
  MEV_PROTECTION_ADDRESS: accountId.optional(),
  READER_ORIGIN: accountId.optional(),
  WORKER_SEED: z.string().min(1).optional(),
  ADMIN_SEED: z.string().min(1).optional(),
  KEYSTORE_FILE: z.string().optional(),
  KEYSTORE_PASSWORD: z.string().optional(),
  /** The dedicated attestation key (ADR 0010); never echoed in errors. */
  ATTESTATION_SEED: z
    .string()
    .trim()
    .min(1)
    .refine(
      (v) => !v.startsWith('0x') || /^0x[0-9a-fA-F]{64}(\/\/.*)?$/.test(v),
      'expected a 0x + 64 hex mini-secret, a mnemonic or a secret URI such as //Name',
    )
    .optional(),
  ATTESTATION_KEYSTORE_FILE: z.string().min(1).optional(),
  ATTESTATION_KEYSTORE_PASSWORD: z.string().optional(),
  MAX_CONCURRENT_JOBS: int(2, 1, 256),
  JOB_TIMEOUT: int(60_000, 100, 3_600_000),
  MAX_EXECUTION_TIME: int(300_000, 100, 86_400_000),
  MAX_RETRIES: int(3, 0, 100),
  JOB_MEMORY_LIMIT_MB: int(1024, 64, 65_536),
  JOB_POLL_INTERVAL_MS: int(500, 10, 60_000),
  JOB_MIN_BUDGET: z.coerce.bigint().nonnegative().default(0n),
  JOB_MAX_INPUT_BYTES: int(8 * 1024 * 1024, 1, 1024 * 1024 * 1024),
  CONTENT_STORE_DIR: z.string().default('./data/content'),
  ENABLE_HTTPS_DATA: boolean(false),
  LLM_BASE_URL: z.string().url().optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  SETTLEMENT_MODE: z.enum(['custodial', 'user-signed']).default('user-signed'),
  CUSTODIAL_DEPOSIT_PLANCK: z.coerce.bigint().positive().default(10_000_000_000n),
  SETTLEMENT_GRACE_BLOCKS: int(600, 0, 10_000_000),
  PROVIDER_ENDPOINT: z.string().max(256).optional(),
  PROVIDER_COMPUTE_UNITS: z.coerce.bigint().positive().default(100n),
  PROVIDER_HOURLY_RATE: z.coerce.bigint().nonnegative().default(1_000_000_000n),
  PROVIDER_STAKE_PLANCK: z.coerce.bigint().positive().default(100_000_000_000n),
  MEV_MIN_BATCH_SIZE: int(5, 1, 100),
  /** `TOKEN_IN:TOKEN_OUT=<num>/<den>` entries, comma-separated: the clearing price per pair. */
  MEV_CLEARING_PRICES: z
    .string()
    .default('')
    .refine(
      (v) =>
        v === '' ||
        v.split(',').every((e) => /^[^:=,]+:[^:=,]+=[1-9][0-9]*\/[1-9][0-9]*$/.test(e.trim())),
      'expected TOKEN_IN:TOKEN_OUT=<num>/<den>[,…]',
    )
    .transform((v) =>
      v === ''
        ? []
        : v.split(',').map((entry) => {
            const [pair = '', price = ''] = entry.trim().split('=');
            const [tokenIn = '', tokenOut = ''] = pair.split(':');
            const [num = '1', den = '1'] = price.split('/');
            return { tokenIn, tokenOut, num: BigInt(num), den: BigInt(den) };
          }),
    ),
  MEV_MAX_BATCH_SIZE: int(100, 1, 100),
  ENABLE_MEV_PROCESSING: boolean(true),
  ENABLE_ATTESTATION_VERIFICATION: boolean(true),
  DEMO_TRAFFIC: boolean(true),
  DEMO_TRAFFIC_INTERVAL_MS: int(15_000, 100, 3_600_000),
  DEVNET_PORT: int(9944, 0, 65535),
  DEVNET_STATE_FILE: z.string().default('./data/devnet-state.bin'),
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'expected 1-128 letters, digits or ._:@-')
    .optional(),
  LEASE_TTL_MS: int(10_000, 300, 600_000),
  SHUTDOWN_DRAIN_MS: int(30_000, 0, 3_600_000),
  /** The whole stop, drain included; unset: SHUTDOWN_DRAIN_MS + SHUTDOWN_MARGIN_MS. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1).max(3_700_000).optional(),
  ...TUNING_ENV,
});

export type Env = z.infer<typeof ENV_SCHEMA>;
