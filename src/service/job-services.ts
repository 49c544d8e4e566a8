import { createHash } from 'node:crypto';
import type { AppConfig } from '../config';
import type { Hex } from '../attestation';
import type { ChainClient } from '../chain';
import { type Logger, SYSTEM_CLOCK, startPollLoop, type PollLoop, type Secret } from '../shared';
import {
  DEFAULT_TX_MANAGER_CONFIG,
  KeyringSigner,
  PolkadotTransactionSubmitter,
  SignerSet,
  TxManager,
  type TxManagerConfig,
  type TxManagerListener,
} from '../chain/tx';
import { serviceKeyPairFromSeed, type ServiceKeyPair } from '../confidential';
import { FsContentStore, type ContentStore } from '../content-store';
import { ExecutorSandbox } from '../executors';
import { MevBatcher, price, priceTable } from '../mev';
import {
  CUSTODY_ROLE,
  JobAdmission,
  JobAttestor,
  JobEngine,
  JobOperator,
  ProjectionConfidentialPayloads,
  SandboxJobRunner,
  WORKER_ROLE,
  type JobEngineConfig,
  type JobEngineListener,
} from '../jobs/engine';
import {
  DataResolver,
  nodeHttpsTransport,
  ProjectionNftAccess,
  SafeHttpsFetcher,
  systemHostResolver,
} from '../jobs/references';
import { ChainRegistryReader, ProviderRegistration, type ProviderAdmin } from '../providers';
import { PolkadotSettlementExtrinsics, SettlementCallService } from '../settlement';
import type { SqlStorage } from '../storage';
import { NATIVE_TO_ETH_RATIO } from '../contracts';
import { loadAttestationSigner } from './attestation-key';

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
   * Several instances: the MEV batcher passes only while this says so (the follower lease's
   * holder; its batches are planned from one view of the pending intents). Default: always.
   */
  readonly isLeader?: () => boolean;
}

/**
 * The working half of the service: signers, the transaction manager, the executor sandbox and
 * the job engine, built from the config. Needs WORKER_SEED (the provider key jobs are assigned to).
 */
export class JobServices {
  private constructor(
    readonly engine: JobEngine,
    readonly txManager: TxManager,
    readonly sandbox: ExecutorSandbox,
    readonly contents: ContentStore,
    readonly worker: KeyringSigner,
    readonly custody: KeyringSigner,
    readonly confidentialKeys: ServiceKeyPair,
    /** Operator actions (retry, cancel) on this engine's work ledger. */
    readonly operator: JobOperator,
    private readonly submitter: PolkadotTransactionSubmitter,
    private readonly batchLoop: PollLoop | null,
    /** What a job's depositor must sign to release or refund its escrow (user-signed flow). */
    readonly settlementCalls: SettlementCallService,
    /** This worker's profile in compute_provider_registry (PROVIDER_*; GET/PATCH /provider). */
    readonly provider: ProviderAdmin,
    private readonly providerLoop: PollLoop,
    /** The attestation key (sr25519 public key, `0x` hex) envelopes are signed with; not a tx key. */
    readonly attestationKey: Hex,
  ) {}

  static async start(options: JobServicesOptions): Promise<JobServices> {
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
    await submitter.start();
    const settlementExtrinsics = new PolkadotSettlementExtrinsics(client, submitter, {
      gasMarginPercent: DEFAULT_TX_MANAGER_CONFIG.gasMarginPercent,
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
      { ...DEFAULT_TX_MANAGER_CONFIG, ...options.txConfig },
    );
    await txManager.start();

    const contents = new FsContentStore(config.jobs.contentStoreDir);
    const http = config.jobs.httpsData
      ? new SafeHttpsFetcher({
          timeoutMs: 30_000,
          resolveHost: systemHostResolver,
          transport: nodeHttpsTransport,
        })
      : null;
    const resolver = new DataResolver(contents, new ProjectionNftAccess(storage.projections), http);
    const admission = new JobAdmission(
      {
        minBudget: config.jobs.minBudget,
        maxInputBytes: config.jobs.maxInputBytes,
        llmEnabled: config.jobs.llm.baseUrl !== null,
      },
      resolver,
      contents,
    );
    const sandbox = new ExecutorSandbox({
      timeoutMs: config.jobs.timeoutMs,
      memoryLimitMb: config.jobs.memoryLimitMb,
      reuseChildren: true,
      maxJobsPerChild: 100,
      idleChildTtlMs: 120_000,
      logger: log.child('sandbox'),
      ...(options.sandboxChildModule === undefined
        ? {}
        : { childModule: options.sandboxChildModule }),
    });
    const runner = new SandboxJobRunner(sandbox, {
      ...(config.jobs.llm.baseUrl === null ? {} : { llmBaseUrl: config.jobs.llm.baseUrl }),
      ...(config.jobs.llm.apiKey === null ? {} : { llmApiKey: config.jobs.llm.apiKey.reveal() }),
    });
    const genesisHash = (await client.getGenesisHash()) as Hex;
    const attestor = new JobAttestor(
      await loadAttestationSigner(
        config,
        workerSeed,
        [worker.accountId, custody.accountId],
        log.child('attestation'),
      ),
      {
        genesisHash,
        queueContract: config.chain.contracts.aiJobQueue as Hex,
        confidentialContract: config.chain.contracts.phalaJobProcessor as Hex,
        finalizedHead: async () => {
          const head = await client.getFinalizedHead();
          return { number: head.number, hash: head.hash as Hex };
        },
      },
      () => new Date(),
      { verifyOwnSignature: config.features.attestationVerification },
    );
    const confidentialKeys = confidentialKeyPair(workerSeed);
    const engineConfig: JobEngineConfig = {
      providers: [worker.h160],
      maxConcurrent: config.jobs.maxConcurrent,
      attemptTimeoutMs: config.jobs.timeoutMs,
      maxRetries: config.jobs.maxRetries,
      maxExecutionMs: config.jobs.maxExecutionMs,
      retry: { baseMs: 1_000, maxMs: 60_000 },
      pollIntervalMs: config.jobs.pollIntervalMs,
      settlement: {
        mode: config.settlement.mode,
        custody: custody.h160,
        depositPlanck: config.settlement.depositPlanck,
        graceBlocks: config.settlement.graceBlocks,
      },
      attesterAccountId: worker.accountId,
      attesterAddress: worker.address,
    };
    const engine = new JobEngine(
      {
        work: storage.work,
        projections: storage.projections,
        actions: storage.actions,
        cursors: storage.cursors,
        contents,
      },
      admission,
      runner,
      attestor,
      new ProjectionConfidentialPayloads(storage.projections, confidentialKeys),
      engineConfig,
      {
        log: log.child('jobs'),
        now: () => new Date(),
        random: Math.random,
        ...(options.engineListener === undefined ? {} : { listener: options.engineListener }),
      },
    );
    engine.start();
    const batcher = config.features.mev
      ? new MevBatcher(
          storage.projections,
          storage.actions,
          {
            minBatchSize: config.mev.minBatchSize,
            maxBatchSize: config.mev.maxBatchSize,
            prices: priceTable(
              config.mev.clearingPrices.map(
                (p) => [{ tokenIn: p.tokenIn, tokenOut: p.tokenOut }, price(p.num, p.den)] as const,
              ),
            ),
            signerRole: WORKER_ROLE,
            keys: confidentialKeys,
          },
          log.child('mev'),
        )
      : null;
    const batchLoop =
      batcher === null
        ? null
        : startPollLoop(
            () => ((options.isLeader?.() ?? true) ? batcher.tick() : Promise.resolve()),
            config.jobs.pollIntervalMs,
            (err) => log.warn('MEV batcher pass failed; retrying', { err }),
            config.jobs.pollIntervalMs,
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
    const providerLoop = startPollLoop(
      async () => {
        if (options.isLeader?.() ?? true) {
          await provider.tick();
        }
      },
      config.jobs.pollIntervalMs,
      (err) => log.warn('provider registration pass failed; retrying', { err }),
    );
    log.info('job engine started', {
      provider: worker.h160,
      attestationKey: attestor.publicKey,
      settlement: config.settlement.mode,
      minBudgetPlanck: (config.jobs.minBudget / NATIVE_TO_ETH_RATIO).toString(),
    });
    return new JobServices(
      engine,
      txManager,
      sandbox,
      contents,
      worker,
      custody,
      confidentialKeys,
      new JobOperator(storage, engine, () => new Date()),
      submitter,
      batchLoop,
      new SettlementCallService(
        { work: storage.work, projections: storage.projections },
        settlementExtrinsics,
        {
          escrowAddress: config.chain.contracts.paymentEscrow,
          custody: config.settlement.mode === 'custodial' ? custody.h160 : null,
        },
      ),
      provider,
      providerLoop,
      attestor.publicKey,
    );
  }

  /** Stops taking work, lets running attempts finish up to `drainMs`, then stops the rest. */
  async stop(drainMs = 0): Promise<void> {
    await this.providerLoop.stop();
    await this.batchLoop?.stop();
    await this.engine.stop(drainMs);
    await this.sandbox.close();
    await this.txManager.stop();
    await this.submitter.stop();
  }
}

/** The x25519 key confidential payloads are sealed to, derived from the worker seed. */
export function confidentialKeyPair(workerSeed: Secret): ServiceKeyPair {
  const seed = createHash('sha256')
    .update('polkamesh confidential payload key v1\0')
    .update(workerSeed.reveal())
    .digest();
  return serviceKeyPairFromSeed(new Uint8Array(seed));
}
