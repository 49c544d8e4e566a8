import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { PASEO_CONTRACT_ADDRESSES, accountIdHex, type ContractName } from '../contracts';
import type { AppConfig } from './app-config';
import { ENV_SCHEMA } from './config.schema';
import {
  JWT_SECRET_COMMAND,
  weakJwtSecretMessage,
  weakJwtSecretReason,
} from './jwt-secret-strength';
import { Secret } from '../shared';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once; throws ConfigError listing every invalid variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ENV_SCHEMA.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.KEYSTORE_FILE && !e.KEYSTORE_PASSWORD) {
    problems.push('KEYSTORE_PASSWORD: required when KEYSTORE_FILE is set');
  }
  attestationKeyProblems(e, problems);
  if (e.NODE_ENV === 'production' && e.JWT_SECRET === undefined) {
    problems.push(`JWT_SECRET: required in production; generate one with: ${JWT_SECRET_COMMAND}`);
  }
  const weakSecret = e.JWT_SECRET === undefined ? null : weakJwtSecretReason(e.JWT_SECRET);
  if (weakSecret !== null) {
    problems.push(`JWT_SECRET: ${weakJwtSecretMessage(weakSecret)}`);
  }
  rangeProblems(e, problems);
  const contracts = contractAddresses(e, problems);
  const reader = readerOrigin(e.READER_ORIGIN, problems);
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return Object.freeze({
    env: e.NODE_ENV,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    http: {
      host: e.HOST,
      port: e.PORT,
      rateLimit: e.API_RATE_LIMIT,
      frontendOrigins: e.FRONTEND_URL,
      cacheTtlSeconds: e.CACHE_TTL,
      jwtSecret: e.JWT_SECRET === undefined ? null : new Secret(e.JWT_SECRET),
      limits: {
        // the headers are part of the request: never given longer than all of it
        headersTimeoutMs: Math.min(e.HTTP_HEADERS_TIMEOUT_MS, e.HTTP_REQUEST_TIMEOUT_MS),
        requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
        keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
        maxConnections: e.HTTP_MAX_CONNECTIONS,
      },
      bodyLimitBytes: e.HTTP_BODY_LIMIT_BYTES,
      signerBalanceCacheMs: e.SIGNER_BALANCE_CACHE_MS,
      notifications: { pollMs: e.NOTIFICATIONS_POLL_MS, heartbeatMs: e.NOTIFICATIONS_HEARTBEAT_MS },
    },
    storage: { databaseUrl: e.DATABASE_URL },
    chain: {
      endpoints: e.RPC_URL,
      useDevnet: e.RPC_URL.length === 0,
      chainName: e.CHAIN_NAME,
      blockTimeMs: e.BLOCK_TIME_MS,
      startBlock: e.START_BLOCK,
      readerOrigin: reader,
      maxFinalityLagBlocks: e.CONFIRMATION_LAG_ALERT_BLOCKS,
      signerMinBalancePlanck: e.SIGNER_MIN_BALANCE_PLANCK,
      contracts,
      client: {
        stallBlocks: e.CHAIN_STALL_BLOCKS,
        maxFinalityLagBlocks: e.CHAIN_ENDPOINT_MAX_FINALITY_LAG_BLOCKS,
        reconnect: { minMs: e.CHAIN_RECONNECT_MIN_MS, maxMs: e.CHAIN_RECONNECT_MAX_MS },
      },
      readTimeoutMs: e.CHAIN_READ_TIMEOUT_MS,
    },
    follower: {
      batchSize: e.FOLLOWER_BATCH_SIZE,
      maxTentativeDepth: e.FOLLOWER_MAX_TENTATIVE_DEPTH,
      retryDelayMs: e.FOLLOWER_RETRY_DELAY_MS,
    },
    tx: {
      leaseMs: e.TX_LEASE_MS,
      pollIntervalMs: e.TX_POLL_INTERVAL_MS,
      maxInFlight: e.TX_MAX_IN_FLIGHT,
      maxAttempts: e.TX_MAX_ATTEMPTS,
      retry: { baseMs: e.TX_RETRY_BASE_MS, maxMs: e.TX_RETRY_MAX_MS },
      eraPeriod: e.TX_ERA_PERIOD,
      resendAfterMs: e.TX_RESEND_AFTER_MS,
      gasMarginPercent: e.TX_GAS_MARGIN_PERCENT,
      mapAccountTimeoutMs: e.TX_MAP_ACCOUNT_TIMEOUT_MS,
    },
    keys: {
      workerSeed: e.WORKER_SEED ? new Secret(e.WORKER_SEED) : null,
      adminSeed: e.ADMIN_SEED ? new Secret(e.ADMIN_SEED) : null,
      keystoreFile: e.KEYSTORE_FILE ?? null,
      keystorePassword: e.KEYSTORE_PASSWORD ? new Secret(e.KEYSTORE_PASSWORD) : null,
      attestationSeed: e.ATTESTATION_SEED ? new Secret(e.ATTESTATION_SEED) : null,
      attestationKeystoreFile: e.ATTESTATION_KEYSTORE_FILE ?? null,
      attestationKeystorePassword: e.ATTESTATION_KEYSTORE_PASSWORD
        ? new Secret(e.ATTESTATION_KEYSTORE_PASSWORD)
        : null,
    },
    jobs: {
      maxConcurrent: e.MAX_CONCURRENT_JOBS,
      timeoutMs: e.JOB_TIMEOUT,
      maxExecutionMs: e.MAX_EXECUTION_TIME,
      maxRetries: e.MAX_RETRIES,
      memoryLimitMb: e.JOB_MEMORY_LIMIT_MB,
      pollIntervalMs: e.JOB_POLL_INTERVAL_MS,
      minBudget: e.JOB_MIN_BUDGET,
      maxInputBytes: e.JOB_MAX_INPUT_BYTES,
      contentStoreDir: e.CONTENT_STORE_DIR,
      httpsData: e.ENABLE_HTTPS_DATA,
      llm: {
        baseUrl: e.LLM_BASE_URL ?? null,
        apiKey: e.LLM_API_KEY ? new Secret(e.LLM_API_KEY) : null,
      },
      retry: { baseMs: e.JOB_RETRY_BASE_MS, maxMs: e.JOB_RETRY_MAX_MS },
      httpsTimeoutMs: e.HTTPS_DATA_TIMEOUT_MS,
      sandbox: {
        maxJobsPerChild: e.SANDBOX_MAX_JOBS_PER_CHILD,
        idleChildTtlMs: e.SANDBOX_IDLE_CHILD_TTL_MS,
      },
    },
    settlement: {
      mode: e.SETTLEMENT_MODE,
      depositPlanck: e.CUSTODIAL_DEPOSIT_PLANCK,
      graceBlocks: e.SETTLEMENT_GRACE_BLOCKS,
    },
    provider: {
      endpoint: e.PROVIDER_ENDPOINT ?? null,
      computeUnits: e.PROVIDER_COMPUTE_UNITS,
      hourlyRate: e.PROVIDER_HOURLY_RATE,
      stakePlanck: e.PROVIDER_STAKE_PLANCK,
    },
    mev: {
      minBatchSize: e.MEV_MIN_BATCH_SIZE,
      maxBatchSize: e.MEV_MAX_BATCH_SIZE,
      clearingPrices: e.MEV_CLEARING_PRICES,
    },
    features: {
      mev: e.ENABLE_MEV_PROCESSING,
      attestationVerification: e.ENABLE_ATTESTATION_VERIFICATION,
    },
    demo: { traffic: e.DEMO_TRAFFIC, intervalMs: e.DEMO_TRAFFIC_INTERVAL_MS },
    devnet: {
      port: e.DEVNET_PORT,
      stateFile: e.DEVNET_STATE_FILE,
      blockTimeMs: e.DEVNET_BLOCK_TIME_MS,
    },
    health: {
      maxFailedPasses: e.HEALTH_MAX_FAILED_PASSES,
      stalledPassMs: e.HEALTH_STALLED_PASS_MS,
    },
    operations: {
      instanceId: e.INSTANCE_ID ?? defaultInstanceId(),
      leaseTtlMs: e.LEASE_TTL_MS,
      shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS ?? e.SHUTDOWN_DRAIN_MS + SHUTDOWN_MARGIN_MS,
    },
  } satisfies AppConfig);
}

/**
 * The attestation key is its own key (ADR 0010): one source at most; in production, where a worker
 * runs jobs, it must be configured (no dev derivation) and may not be spelled like a transaction key.
 */
function attestationKeyProblems(
  env: ReturnType<typeof ENV_SCHEMA.parse>,
  problems: string[],
): void {
  const seed = env.ATTESTATION_SEED;
  const file = env.ATTESTATION_KEYSTORE_FILE;
  if (seed && file) {
    problems.push('ATTESTATION_SEED: set either it or ATTESTATION_KEYSTORE_FILE, not both');
  }
  if (file && !env.ATTESTATION_KEYSTORE_PASSWORD) {
    problems.push('ATTESTATION_KEYSTORE_PASSWORD: required when ATTESTATION_KEYSTORE_FILE is set');
  }
  for (const [name, value] of [
    ['WORKER_SEED', env.WORKER_SEED],
    ['ADMIN_SEED', env.ADMIN_SEED],
  ] as const) {
    if (seed && value?.trim() === seed) {
      problems.push(`ATTESTATION_SEED: must not be the transaction key (${name})`);
    }
  }
  if (env.NODE_ENV === 'production' && env.WORKER_SEED && !seed && !file) {
    problems.push(
      'ATTESTATION_SEED: required in production (or ATTESTATION_KEYSTORE_FILE): the dedicated attestation key',
    );
  }
}

/** Backoff ranges: the lower bound may not exceed the upper one. */
/** Beyond the drain, how long the stop steps (HTTP, chain client, lease, database) may take. */
const SHUTDOWN_MARGIN_MS = 10_000;

function rangeProblems(env: ReturnType<typeof ENV_SCHEMA.parse>, problems: string[]): void {
  if (env.SHUTDOWN_TIMEOUT_MS !== undefined && env.SHUTDOWN_TIMEOUT_MS <= env.SHUTDOWN_DRAIN_MS) {
    problems.push(
      `SHUTDOWN_TIMEOUT_MS: must exceed SHUTDOWN_DRAIN_MS (${env.SHUTDOWN_DRAIN_MS}): it bounds the whole stop, drain included`,
    );
  }
  for (const [low, high] of [
    ['CHAIN_RECONNECT_MIN_MS', 'CHAIN_RECONNECT_MAX_MS'],
    ['TX_RETRY_BASE_MS', 'TX_RETRY_MAX_MS'],
    ['JOB_RETRY_BASE_MS', 'JOB_RETRY_MAX_MS'],
  ] as const) {
    if (env[low] > env[high]) {
      problems.push(`${low}: must not exceed ${high} (${env[high]})`);
    }
  }
}

const ADDRESS_VARS: Record<ContractName, keyof ReturnType<typeof ENV_SCHEMA.parse>> = {
  aiJobQueue: 'AI_JOB_QUEUE_ADDRESS',
  paymentEscrow: 'PAYMENT_ESCROW_ADDRESS',
  computeProviderRegistry: 'COMPUTE_PROVIDER_REGISTRY_ADDRESS',
  dataNftRegistry: 'DATA_NFT_REGISTRY_ADDRESS',
  phalaJobProcessor: 'PHALA_JOB_PROCESSOR_ADDRESS',
  mevProtection: 'MEV_PROTECTION_ADDRESS',
};

/** Defaults to the Paseo deployment (the devnet deploys at the same addresses). */
function contractAddresses(
  env: ReturnType<typeof ENV_SCHEMA.parse>,
  problems: string[],
): Record<ContractName, string> {
  const out = {} as Record<ContractName, string>;
  for (const [name, variable] of Object.entries(ADDRESS_VARS) as [
    ContractName,
    keyof typeof env,
  ][]) {
    const deployed = PASEO_CONTRACT_ADDRESSES[name];
    const value = env[variable] as string | undefined;
    if (deployed.pallet === 'revive') {
      out[name] = value ?? deployed.h160;
      continue;
    }
    try {
      out[name] = value ? accountIdHex(value) : deployed.accountId;
    } catch {
      problems.push(`${variable}: not a valid SS58 address or 32-byte account id`);
    }
  }
  return out;
}

function readerOrigin(value: string | undefined, problems: string[]): string | null {
  if (!value) {
    return null;
  }
  try {
    return accountIdHex(value);
  } catch {
    problems.push('READER_ORIGIN: not a valid SS58 address or 32-byte account id');
    return null;
  }
}

/** hostname-pid-random: unique per process, so that a restarted instance starts a new lease tenure. */
function defaultInstanceId(): string {
  const safeHost = hostname().replace(/[^A-Za-z0-9._-]/g, '-');
  const host = safeHost.slice(0, 64) || 'host';
  return `${host}-${process.pid}-${randomBytes(4).toString('hex')}`;
}
