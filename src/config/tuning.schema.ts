import { z } from 'zod';

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The service's tuning numbers (intervals, batch sizes, timeouts, retries, margins): each one an
 * environment variable whose default is the value the service has always used. Part of
 * ENV_SCHEMA; `.env.example` and the README's configuration table list each one.
 */
export const TUNING_ENV = {
  // chain client (src/chain)
  CHAIN_STALL_BLOCKS: int(10, 1, 10_000),
  CHAIN_ENDPOINT_MAX_FINALITY_LAG_BLOCKS: int(20, 1, 100_000),
  CHAIN_RECONNECT_MIN_MS: int(250, 10, 600_000),
  CHAIN_RECONNECT_MAX_MS: int(15_000, 10, 3_600_000),
  CHAIN_READ_TIMEOUT_MS: int(3_000, 100, 600_000),
  // chain follower
  FOLLOWER_BATCH_SIZE: int(32, 1, 1_000),
  FOLLOWER_MAX_TENTATIVE_DEPTH: int(64, 1, 10_000),
  FOLLOWER_RETRY_DELAY_MS: int(2_000, 10, 600_000),
  // transaction manager (src/chain/tx)
  TX_LEASE_MS: int(30_000, 1_000, 3_600_000),
  TX_POLL_INTERVAL_MS: int(500, 10, 60_000),
  TX_MAX_IN_FLIGHT: int(32, 1, 10_000),
  TX_MAX_ATTEMPTS: int(8, 1, 1_000),
  TX_RETRY_BASE_MS: int(1_000, 1, 3_600_000),
  TX_RETRY_MAX_MS: int(60_000, 1, 86_400_000),
  TX_ERA_PERIOD: int(64, 4, 65_536).refine(
    (v) => (v & (v - 1)) === 0,
    'expected a power of two (mortal era length in blocks)',
  ),
  TX_RESEND_AFTER_MS: int(30_000, 1_000, 3_600_000),
  TX_GAS_MARGIN_PERCENT: int(20, 0, 1_000),
  TX_MAP_ACCOUNT_TIMEOUT_MS: int(60_000, 1_000, 3_600_000),
  // job engine, data fetching and the executor sandbox
  JOB_RETRY_BASE_MS: int(1_000, 1, 3_600_000),
  JOB_RETRY_MAX_MS: int(60_000, 1, 86_400_000),
  HTTPS_DATA_TIMEOUT_MS: int(30_000, 100, 3_600_000),
  SANDBOX_MAX_JOBS_PER_CHILD: int(100, 1, 1_000_000),
  SANDBOX_IDLE_CHILD_TTL_MS: int(120_000, 0, 86_400_000),
  // HTTP API
  HTTP_BODY_LIMIT_BYTES: int(64 * 1024, 1_024, 1024 * 1024 * 1024),
  SIGNER_BALANCE_CACHE_MS: int(5_000, 0, 3_600_000),
  NOTIFICATIONS_POLL_MS: int(500, 10, 60_000),
  NOTIFICATIONS_HEARTBEAT_MS: int(15_000, 100, 3_600_000),
  // the bundled devnet
  DEVNET_BLOCK_TIME_MS: int(1_000, 10, 600_000),
  // health of the long-running parts (GET /ready)
  HEALTH_MAX_FAILED_PASSES: int(3, 1, 1_000),
  HEALTH_STALLED_PASS_MS: int(300_000, 1_000, 86_400_000),
};
