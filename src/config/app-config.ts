import type { ContractName } from '../contracts';
import type { Secret } from '../shared';

/** The parsed, frozen configuration; each component receives only its slice. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  /** format `auto`: readable lines when stdout is a terminal, JSON lines otherwise. */
  log: { level: 'debug' | 'info' | 'warn' | 'error'; format: 'auto' | 'json' | 'pretty' };
  http: {
    host: string;
    port: number;
    rateLimit: number;
    /** the CORS origins (FRONTEND_URL, comma-separated) */
    frontendOrigins: readonly string[];
    cacheTtlSeconds: number;
    jwtSecret: Secret | null;
    /** slow clients and connection count (HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS, HTTP_KEEP_ALIVE_TIMEOUT_MS, HTTP_MAX_CONNECTIONS) */
    limits: {
      headersTimeoutMs: number;
      requestTimeoutMs: number;
      keepAliveTimeoutMs: number;
      maxConnections: number;
    };
    /** largest JSON request body, bytes (HTTP_BODY_LIMIT_BYTES; uploads have their own limit) */
    bodyLimitBytes: number;
    /** how long readiness and metrics reuse one read of the signers' balances */
    signerBalanceCacheMs: number;
    /** GET /notifications: store poll period and heartbeat comment period */
    notifications: { pollMs: number; heartbeatMs: number };
  };
  storage: { databaseUrl: string };
  chain: {
    /** empty: start the bundled devnet */
    endpoints: string[];
    useDevnet: boolean;
    chainName: string;
    blockTimeMs: number;
    startBlock: bigint;
    /** account the projections dry-run getters as (must be mapped on pallet-revive); null: the worker's */
    readerOrigin: string | null;
    /** readiness fails when the finalized cursor trails the chain by more blocks than this */
    maxFinalityLagBlocks: number;
    /** readiness fails when a signer's free balance (planck) is below this; 0 disables */
    signerMinBalancePlanck: bigint;
    /** H160 for revive contracts, AccountId32 hex for pallet-contracts ones */
    contracts: Record<ContractName, string>;
    /** the chain client's endpoint health and reconnects (CHAIN_*) */
    client: {
      /** no new head for this many block times: the endpoint stalled */
      stallBlocks: number;
      /** an endpoint whose finalized head trails the best-known one by more is not trusted */
      maxFinalityLagBlocks: number;
      reconnect: { minMs: number; maxMs: number };
    };
    /** the API's chain reads (finalized head, dry runs, balances) give up after this long */
    readTimeoutMs: number;
  };
  /** the chain follower (FOLLOWER_*) */
  follower: { batchSize: number; maxTentativeDepth: number; retryDelayMs: number };
  /** the transaction manager (TX_*) */
  tx: {
    leaseMs: number;
    pollIntervalMs: number;
    maxInFlight: number;
    maxAttempts: number;
    retry: { baseMs: number; maxMs: number };
    /** mortal era length in blocks, a power of two */
    eraPeriod: number;
    resendAfterMs: number;
    /** added to each dry run's gas and storage deposit */
    gasMarginPercent: number;
    mapAccountTimeoutMs: number;
  };
  keys: {
    workerSeed: Secret | null;
    adminSeed: Secret | null;
    keystoreFile: string | null;
    keystorePassword: Secret | null;
    /** The attestation key (ADR 0010): a seed / URI, or a keystore file; both null: dev derivation */
    attestationSeed: Secret | null;
    attestationKeystoreFile: string | null;
    attestationKeystorePassword: Secret | null;
  };
  jobs: {
    maxConcurrent: number;
    timeoutMs: number;
    maxExecutionMs: number;
    maxRetries: number;
    memoryLimitMb: number;
    pollIntervalMs: number;
    /** lowest budget admitted, contract units (native × 1e8) */
    minBudget: bigint;
    maxInputBytes: number;
    contentStoreDir: string;
    httpsData: boolean;
    llm: { baseUrl: string | null; apiKey: Secret | null };
    /** backoff between attempts of one job (exponential, with jitter) */
    retry: { baseMs: number; maxMs: number };
    /** an https:// data ref must arrive within this */
    httpsTimeoutMs: number;
    /** executor children: reused for this many jobs, killed after this long idle */
    sandbox: { maxJobsPerChild: number; idleChildTtlMs: number };
  };
  settlement: {
    mode: 'custodial' | 'user-signed';
    /** planck the service deposits per admitted job in custodial mode */
    depositPlanck: bigint;
    graceBlocks: number;
  };
  /** register the worker in the provider registry when `endpoint` is set */
  provider: {
    endpoint: string | null;
    computeUnits: bigint;
    hourlyRate: bigint;
    stakePlanck: bigint;
  };
  mev: {
    minBatchSize: number;
    maxBatchSize: number;
    clearingPrices: { tokenIn: string; tokenOut: string; num: bigint; den: bigint }[];
  };
  features: { mev: boolean; attestationVerification: boolean };
  demo: { traffic: boolean; intervalMs: number };
  /** the bundled devnet: its RPC port, state file and block time */
  devnet: { port: number; stateFile: string; blockTimeMs: number };
  /** when a polling part (engine, transaction manager, MEV batcher, provider registration) is unhealthy */
  health: { maxFailedPasses: number; stalledPassMs: number };
  /** several instances on one database; graceful shutdown */
  operations: {
    /** this instance's name in leases (INSTANCE_ID; default hostname-pid-random); must be unique */
    instanceId: string;
    /** the follower lease's lifetime; the holder renews every third of it */
    leaseTtlMs: number;
    /** how long a shutdown lets running job attempts finish */
    shutdownDrainMs: number;
    /** the whole shutdown's bound, drain included: then the process exits anyway, naming what hung */
    shutdownTimeoutMs: number;
  };
}
