import type { Hex } from '../attestation';
import type { AppConfig } from '../config';
import type { ChainClient } from '../chain';
import {
  KeyringSigner,
  PolkadotTransactionSubmitter,
  SignerSet,
  TxManager,
  type TxManagerConfig,
  type TxManagerListener,
} from '../chain/tx';
import type { ServiceKeyPair } from '../confidential';
import { FsContentStore, type ContentStore } from '../content-store';
import { NATIVE_TO_ETH_RATIO } from '../contracts';
import { MevBatcher, price, priceTable } from '../mev';
import {
  CUSTODY_ROLE,
  JobOperator,
  WORKER_ROLE,
  type JobEngine,
  type JobEngineListener,
} from '../jobs/engine';
import { PolkadotSettlementExtrinsics, SettlementCallService } from '../settlement';
import { ChainRegistryReader, ProviderRegistration, type ProviderAdmin } from '../providers';
import { SYSTEM_CLOCK, type Logger, type LongRunning } from '../shared';
import type { SqlStorage } from '../storage';
import { txManagerConfig } from './config-slices';
import { confidentialKeyPair } from './confidential-key';
import { buildEngine } from './engine-build';
import { Lifecycle } from './lifecycle';
import { PollingPart } from './polling-part';
import { RunningPart } from './running-part';

export interface JobServicesOptions {
  readonly config: AppConfig;
  readonly storage: SqlStorage;
  readonly client: ChainClient;
  readonly endpoints: readonly string[];
  readonly log: Logger;
  /** Overrides for tests (faster polling). */
  readonly txConfig?: Partial<TxManagerConfig>;
  readonly txListener?: TxManagerListener;
  readonly engineListener?: JobEngineListener;
  /** Tests: a module of executor loaders for the sandbox child (see ExecutorSandbox). */
  readonly sandboxChildModule?: string;
  /**
   * Several instances: the MEV batcher and the provider registration pass only while this says
   * so (the follower lease's holder). Default: always.
   */
  readonly isLeader?: () => boolean;
}

/**
 * The working half of the service, built from the config (needs WORKER_SEED, the provider key
 * jobs are assigned to): signers, the transaction manager, the executor sandbox, the job engine,
 * the MEV batcher and the provider registration. `parts` are its long-running parts in start
 * order; the runtime starts them after the API, tests with `JobServices.start`.
 */
export class JobServices {
  private lifecycle: Lifecycle | null = null;

  private constructor(
    /** submitter, tx-manager, sandbox, job-engine, mev-batcher (with ENABLE_MEV_PROCESSING), provider-registration */
    readonly parts: readonly LongRunning[],
    readonly engine: JobEngine,
    readonly txManager: TxManager,
    readonly contents: ContentStore,
    readonly worker: KeyringSigner,
    readonly custody: KeyringSigner,
    readonly confidentialKeys: ServiceKeyPair,
    /** Operator actions (retry, cancel) on this engine's work ledger. */
    readonly operator: JobOperator,
    /** What a job's depositor must sign to release or refund its escrow (user-signed flow). */
    readonly settlementCalls: SettlementCallService,
    /** This worker's profile in compute_provider_registry (PROVIDER_*; GET/PATCH /provider). */
    readonly provider: ProviderAdmin,
    /** The attestation key (sr25519 public key, `0x` hex) envelopes are signed with; not a tx key. */
    readonly attestationKey: Hex,
    private readonly log: Logger,
  ) {}

  /** Builds every part; starts none. */
  static async build(options: JobServicesOptions): Promise<JobServices> {
    const { config, storage, client, log } = options;
    const workerSeed = config.keys.workerSeed;
    if (workerSeed === null) {
      throw new Error('the job engine needs WORKER_SEED (the key jobs are assigned to)');
    }
    const worker = await KeyringSigner.fromUri(workerSeed);
    const custody =
      config.keys.adminSeed === null ? worker : await KeyringSigner.fromUri(config.keys.adminSeed);
    const submitter = new PolkadotTransactionSubmitter({
      endpoints: options.endpoints,
      contracts: config.chain.contracts,
    });
    const txManager = new TxManager(
      {
        actions: storage.actions,
        chain: client,
        submitter,
        signers: new SignerSet({ [WORKER_ROLE]: worker, [CUSTODY_ROLE]: custody }),
        clock: SYSTEM_CLOCK,
        log: log.child('tx'),
        ...(options.txListener === undefined ? {} : { listener: options.txListener }),
      },
      { ...txManagerConfig(config), ...options.txConfig },
    );
    const contents = new FsContentStore(config.jobs.contentStoreDir);
    const confidentialKeys = confidentialKeyPair(workerSeed);
    const built = await buildEngine({
      ...options,
      onActionEnqueued: () => txManager.wake(),
      contents,
      workerSeed,
      worker,
      custody,
      confidentialKeys,
    });
    const loop = {
      intervalMs: config.jobs.pollIntervalMs,
      health: config.health,
      ...(options.isLeader === undefined ? {} : { isActive: options.isLeader }),
    };
    const batcher = config.features.mev
      ? mevBatcher(config, storage, client, confidentialKeys, log)
      : null;
    const mev =
      batcher === null
        ? null
        : new PollingPart(
            'mev-batcher',
            () => batcher.tick(),
            { ...loop, firstDelayMs: config.jobs.pollIntervalMs },
            log.child('mev'),
          );
    const provider = new ProviderRegistration(
      {
        projections: storage.projections,
        actions: storage.actions,
        cursors: storage.cursors,
        settings: storage.providerSettings,
        registry: new ChainRegistryReader(client, worker.address),
      },
      { provider: worker.h160, signerRole: WORKER_ROLE, config: config.provider },
      log.child('providers'),
    );
    const parts: LongRunning[] = [
      new RunningPart('submitter', {
        start: () => submitter.start(),
        stop: () => submitter.stop(),
      }),
      txManager,
      built.sandboxPart,
      built.enginePart,
      ...(mev === null ? [] : [mev]),
      new PollingPart('provider-registration', () => provider.tick(), loop, log.child('providers')),
    ];
    return new JobServices(
      parts,
      built.engine,
      txManager,
      contents,
      worker,
      custody,
      confidentialKeys,
      new JobOperator(storage, built.engine, () => new Date()),
      new SettlementCallService(
        { work: storage.work, projections: storage.projections },
        new PolkadotSettlementExtrinsics(client, submitter, {
          gasMarginPercent: config.tx.gasMarginPercent,
        }),
        {
          escrowAddress: config.chain.contracts.paymentEscrow,
          custody: config.settlement.mode === 'custodial' ? custody.h160 : null,
        },
      ),
      provider,
      built.attestationKey,
      log,
    );
  }

  /** Builds and starts every part in order (tests, and services without the runtime). */
  static async start(options: JobServicesOptions): Promise<JobServices> {
    const services = await JobServices.build(options);
    const lifecycle = new Lifecycle(options.log);
    await lifecycle.launch(async (start) => {
      for (const part of services.parts) {
        await start(part);
      }
    });
    services.lifecycle = lifecycle;
    services.logStarted(options.config);
    return services;
  }

  /** What the log says once the parts run. */
  logStarted(config: AppConfig): void {
    this.log.info('job engine started', {
      provider: this.worker.h160,
      attestationKey: this.attestationKey,
      settlement: config.settlement.mode,
      minBudgetPlanck: (config.jobs.minBudget / NATIVE_TO_ETH_RATIO).toString(),
    });
  }

  /** After `start`: stops taking work, lets running attempts finish up to `drainMs`, stops the rest. */
  async stop(drainMs = 0): Promise<void> {
    await this.lifecycle?.stop(drainMs);
  }
}

function mevBatcher(
  config: AppConfig,
  storage: SqlStorage,
  client: ChainClient,
  keys: ServiceKeyPair,
  log: Logger,
): MevBatcher {
  return new MevBatcher(
    storage.projections,
    storage.actions,
    {
      cursors: storage.cursors,
      finalizedHead: async () => (await client.getFinalizedHead()).number,
    },
    {
      minBatchSize: config.mev.minBatchSize,
      maxBatchSize: config.mev.maxBatchSize,
      prices: priceTable(
        config.mev.clearingPrices.map(
          (p) => [{ tokenIn: p.tokenIn, tokenOut: p.tokenOut }, price(p.num, p.den)] as const,
        ),
      ),
      signerRole: WORKER_ROLE,
      keys,
    },
    log.child('mev'),
  );
}
