import { apiConfigFrom, startApiServer, type ApiDependencies, type ApiServer } from '../api';
import type { AppConfig } from '../config';
import type { ChainClient } from '../chain';
import { FsContentStore } from '../content-store';
import type { LogRoot } from '../logging';
import {
  runningHealth,
  type LongRunning,
  type Logger,
  type PartHealth,
  type PartReport,
} from '../shared';
import {
  isStorageOutage,
  SqlOperationsFigures,
  SqlProjectionTotals,
  type Database,
  type SqlStorage,
} from '../storage';
import type { JobServices } from './job-services';

export interface ApiPartOptions {
  readonly config: AppConfig;
  readonly database: Database;
  readonly storage: SqlStorage;
  readonly client: ChainClient;
  /** The job side, built (not necessarily running yet); null when WORKER_SEED is unset. */
  readonly jobs: JobServices | null;
  /** Dry-run origin of the /contracts probe. */
  readonly readOrigin: string | null;
  /** The chain's block time (the devnet's, or BLOCK_TIME_MS). */
  readonly blockTimeMs: number;
  readonly log: Logger;
  readonly logRoot: LogRoot;
  /** A graceful shutdown began: /ready answers 503 `draining`. */
  readonly draining: () => boolean;
  /** Every part's health, for /ready. */
  readonly parts: () => readonly PartReport[];
}

/** The HTTP API (NestJS on Fastify) as a part: it gets finished services and listens. */
export class ApiPart implements LongRunning {
  readonly name = 'api';
  private server: ApiServer | null = null;

  constructor(private readonly options: ApiPartOptions) {}

  /** e.g. `http://127.0.0.1:3000`, once started. */
  get url(): string {
    if (this.server === null) {
      throw new Error('the API is not running');
    }
    return this.server.url;
  }

  async start(): Promise<void> {
    const { config, blockTimeMs } = this.options;
    this.server = await startApiServer(await this.dependencies(), {
      ...apiConfigFrom(config),
      blockTimeMs,
    });
  }

  /**
   * In-flight requests get what is left of the drain to finish, SSE streams end (the engine has
   * drained before this).
   */
  async stop(drainMs?: number): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.close(drainMs);
  }

  health(): PartHealth {
    return runningHealth(this.server !== null);
  }

  private async dependencies(): Promise<ApiDependencies> {
    const { config, database, storage, client, jobs } = this.options;
    return {
      store: storage,
      chain: client,
      contracts: config.chain.contracts,
      readOrigin: this.options.readOrigin,
      log: this.options.log.child('api'),
      logRoot: this.options.logRoot,
      draining: this.options.draining,
      parts: this.options.parts,
      figures: new SqlOperationsFigures(database),
      totals: new SqlProjectionTotals(database),
      instanceId: config.operations.instanceId,
      isStorageOutage,
      jobs: {
        work: storage.work,
        contents: jobs?.contents ?? new FsContentStore(config.jobs.contentStoreDir),
        attestationPublicKey: jobs?.attestationKey ?? null,
        operator: jobs?.operator ?? null,
        provider: jobs?.provider ?? null,
        settlement: jobs?.settlementCalls ?? null,
        identity: jobs
          ? {
              provider: jobs.worker.h160,
              genesisHash: await client.getGenesisHash(),
              confidentialPublicKey: jobs.confidentialKeys.publicKey,
            }
          : null,
        signers: jobs
          ? [
              { role: 'worker', address: jobs.worker.address },
              { role: 'custody', address: jobs.custody.address },
            ]
          : [],
      },
    };
  }
}
