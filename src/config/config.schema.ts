import { z } from 'zod';

const boolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

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
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  API_RATE_LIMIT: int(100, 1, 1_000_000),
  FRONTEND_URL: z.string().url().default('http://localhost:3001'),
  CACHE_TTL: int(30, 0, 86_400),
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
  MAX_CONCURRENT_JOBS: int(2, 1, 256),
  JOB_TIMEOUT: int(60_000, 100, 3_600_000),
  MAX_EXECUTION_TIME: int(300_000, 100, 86_400_000),
  MAX_RETRIES: int(3, 0, 100),
  ENABLE_MEV_PROCESSING: boolean(true),
  ENABLE_ATTESTATION_VERIFICATION: boolean(true),
  DEMO_TRAFFIC: boolean(true),
  DEMO_TRAFFIC_INTERVAL_MS: int(15_000, 100, 3_600_000),
  DEVNET_PORT: int(9944, 0, 65535),
  DEVNET_STATE_FILE: z.string().default('./data/devnet-state.bin'),
});

export type Env = z.infer<typeof ENV_SCHEMA>;
