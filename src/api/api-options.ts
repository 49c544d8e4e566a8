import type { AppConfig } from '../config';
import type { ContractName, H160 } from '../contracts';
import type {
  ChainActionTimingsReader,
  ChainView,
  OperationsFiguresReader,
  ProjectionTotalsReader,
  ServiceStore,
  WorkTimingsReader,
} from '../observability';
import type { ChainActionRepository } from '../chain/tx';
import type { ProjectionRepository } from '../projections';
import type { Clock, Logger, PartReport, Secret } from '../shared';
import type { LineSink, LogRoot } from '../logging';
import type { ContentStore } from '../content-store';
import type { JobOperator, JobWorkRepository } from '../jobs/engine';
import type { SettlementCallService } from '../settlement';
import type { ProviderAdmin } from '../providers';
import type { HttpConnectionLimits } from './connection-limits';

/** The HTTP API's configuration slice. */
export interface ApiConfig {
  readonly host: string;
  /** 0 = any free port (tests). */
  readonly port: number;
  /** Requests per minute per client IP (API_RATE_LIMIT). */
  readonly rateLimitPerMinute: number;
  /** The CORS origins, e.g. `http://localhost:3001` (FRONTEND_URL, comma-separated). */
  readonly frontendOrigins: readonly string[];
  /** /ready fails when the finalized cursor lags the chain's finalized head by more. */
  readonly maxLagBlocks: number;
  /** Chain reads (finalized head, probe dry runs) give up after this long. */
  readonly chainTimeoutMs: number;
  readonly logLevel: AppConfig['log']['level'];
  /** CHAIN_NAME, shown by /status. */
  readonly chainName?: string;
  /** The chain's block time: /health and /stats express block distances in seconds with it. */
  readonly blockTimeMs?: number;
  /** How long /contracts reuses its dry-run answers (CACHE_TTL); absent or 0: no cache. */
  readonly cacheTtlMs?: number;
  /** GET /notifications: how often the store is polled, and the heartbeat comment period. */
  readonly notifications?: { readonly pollMs: number; readonly heartbeatMs: number };
  /** Verifies bearer tokens of the mutating routes (JWT_SECRET); null or absent: writes disabled. */
  readonly jwtSecret?: Secret | null;
  /** POST /content body limit (JOB_MAX_INPUT_BYTES); default 8 MiB. */
  readonly maxUploadBytes?: number;
  /** /ready fails when a signer's free balance is below this (planck); 0 or absent disables. */
  readonly signerMinBalancePlanck?: bigint;
  /** Timeouts and the connection cap (HTTP_*); absent: DEFAULT_CONNECTION_LIMITS. */
  readonly connectionLimits?: HttpConnectionLimits;
  /** The built dashboard (index.html + assets) served at `/`; absent: found beside the code. */
  readonly dashboardDir?: string | null;
  /** Largest JSON request body (HTTP_BODY_LIMIT_BYTES); default 64 KiB. */
  readonly bodyLimitBytes?: number;
  /** How long the signers' balances are reused by /ready and /metrics (SIGNER_BALANCE_CACHE_MS). */
  readonly signerBalanceCacheMs?: number;
}

/** Defaults of the optional fields (the API alone, in tests); the service passes its config. */
export const API_DEFAULTS = {
  maxLagBlocks: 50,
  chainTimeoutMs: 3_000,
  blockTimeMs: 6_000,
  bodyLimitBytes: 64 * 1024,
  signerBalanceCacheMs: 5_000,
} as const;

export function apiConfigFrom(
  config: Pick<AppConfig, 'http' | 'log' | 'chain' | 'jobs'>,
): ApiConfig {
  return {
    host: config.http.host,
    port: config.http.port,
    rateLimitPerMinute: config.http.rateLimit,
    frontendOrigins: config.http.frontendOrigins,
    maxLagBlocks: config.chain.maxFinalityLagBlocks,
    chainTimeoutMs: config.chain.readTimeoutMs,
    logLevel: config.log.level,
    jwtSecret: config.http.jwtSecret,
    maxUploadBytes: config.jobs.maxInputBytes,
    signerMinBalancePlanck: config.chain.signerMinBalancePlanck,
    cacheTtlMs: config.http.cacheTtlSeconds * 1000,
    chainName: config.chain.chainName,
    connectionLimits: config.http.limits,
    blockTimeMs: config.chain.blockTimeMs,
    bodyLimitBytes: config.http.bodyLimitBytes,
    signerBalanceCacheMs: config.http.signerBalanceCacheMs,
    notifications: config.http.notifications,
  };
}

/** The store as the API reads it: the observability view plus the contracts' read models. */
export type ApiStore = ServiceStore & {
  readonly projections: ProjectionRepository;
  /** The outbox, for the transaction metrics; absent: those metrics are not exported. */
  readonly actions?: ChainActionRepository & ChainActionTimingsReader;
};

export interface ApiDependencies {
  readonly store: ApiStore;
  readonly chain: ChainView;
  /** The configured contract addresses (AppConfig.chain.contracts). */
  readonly contracts: Readonly<Record<ContractName, string>>;
  /** Dry-run origin for the /contracts probe; must be mapped on pallet-revive. */
  readonly readOrigin: string | null;
  /** The content store (uploads, job inputs and outputs) and, when this instance runs the job engine, its work ledger. */
  readonly jobs?: ApiJobServices | null;
  /** Service logger (the API's queries and guards). */
  readonly log: Logger;
  /** The pino instance behind `log`: HTTP request lines go through it (one format). */
  readonly logRoot?: LogRoot;
  readonly clock?: Clock;
  /** Without `logRoot`: where the request lines go as JSON (default stdout); tests capture it. */
  readonly logStream?: LineSink;
  /** Totals over the projections for GET /stats and /metrics; absent: those parts are null. */
  readonly totals?: ProjectionTotalsReader | null;
  /** True once a graceful shutdown began: GET /ready answers 503 `draining`. */
  readonly draining?: () => boolean;
  /** The service's long-running parts with their health: GET /ready fails on an unhealthy one. */
  readonly parts?: () => readonly PartReport[];
  /** The dashboard's extra views (pipeline, money, leader); absent: those parts are null. */
  readonly figures?: OperationsFiguresReader | null;
  /** This instance's INSTANCE_ID, to tell whether it is the follower lease holder. */
  readonly instanceId?: string | null;
  /**
   * Whether an error says the database is away for now (a restart, a lost connection, a busy or
   * full SQLite file): answered 503 STORAGE_UNAVAILABLE with Retry-After, not 500. The storage
   * module knows its drivers' errors; the runtime hands its classifier in. Absent: none is.
   */
  readonly isStorageOutage?: (err: unknown) => boolean;
}

/**
 * The job side as the API sees it. `work` is the engine's ledger (results, attempts, timeline);
 * further optional members are added by the parts that expose operator actions.
 */
export interface ApiJobServices {
  readonly work: JobWorkRepository & WorkTimingsReader;
  readonly contents: ContentStore;
  /** This service's provider profile; null when the job engine is off. */
  readonly provider?: ProviderAdmin | null;
  /** The attestation key (`0x` + 64 hex) this service signs attestations with; null: engine off. */
  readonly attestationPublicKey?: string | null;
  /** The service's signing keys (worker, custody), for balance metrics and readiness. */
  readonly signers?: readonly { readonly role: string; readonly address: string }[];
  /** Operator actions (retry, cancel); null when the job engine is off. */
  readonly operator?: JobOperator | null;
  /** What a job's depositor must sign to settle its escrow; null when the job engine is off. */
  readonly settlement?: Pick<SettlementCallService, 'forJob'> | null;
  /** Who this service is, for private jobs' owner signatures and sealed payloads; null: engine off. */
  readonly identity?: ServiceIdentity | null;
}

/** The service's provider key and chain, and the key clients seal confidential payloads to. */
export interface ServiceIdentity {
  /** The provider H160 the job engine works as (owner read messages name it). */
  readonly provider: H160;
  /** The chain's genesis hash, `0x` + 64 hex. */
  readonly genesisHash: string;
  /** X25519 public key (32 bytes) of the `pmenc1:` envelopes this service opens. */
  readonly confidentialPublicKey: Uint8Array;
}
