import type { Hex } from '../attestation';
import type { AppConfig } from '../config';
import type { ChainClient } from '../chain';
import type { KeyringSigner } from '../chain/tx';
import type { ServiceKeyPair } from '../confidential';
import type { ContentStore } from '../content-store';
import { ExecutorSandbox } from '../executors';
import {
  JobAdmission,
  JobAttestor,
  ProjectionConfidentialPayloads,
  SandboxJobRunner,
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
import { PassHealth, type Logger, type Secret } from '../shared';
import type { SqlStorage } from '../storage';
import { loadAttestationSigner } from './attestation-key';
import { sandboxOptions } from './config-slices';
import { EnginePart, ObservedJobEngine } from './engine-part';
import { RunningPart } from './running-part';

export interface EngineBuildOptions {
  readonly config: AppConfig;
  readonly storage: SqlStorage;
  readonly client: ChainClient;
  readonly contents: ContentStore;
  readonly workerSeed: Secret;
  readonly worker: KeyringSigner;
  readonly custody: KeyringSigner;
  readonly confidentialKeys: ServiceKeyPair;
  readonly log: Logger;
  readonly engineListener?: JobEngineListener;
  readonly sandboxChildModule?: string;
  /** Called after the engine enqueued a new chain action (the transaction manager's wake). */
  readonly onActionEnqueued?: () => void;
}

export interface BuiltEngine {
  readonly engine: ObservedJobEngine;
  /** The executor sandbox, then the engine: in start order. */
  readonly sandboxPart: RunningPart;
  readonly enginePart: EnginePart;
  /** The attestation key (sr25519 public key, `0x` hex) envelopes are signed with. */
  readonly attestationKey: Hex;
}

/** Admission, the executor sandbox, the attestor and the job engine, from the config. */
export async function buildEngine(options: EngineBuildOptions): Promise<BuiltEngine> {
  const { config, storage, client, contents, worker, custody, log } = options;
  const { jobs } = config;
  const http = jobs.httpsData
    ? new SafeHttpsFetcher({
        timeoutMs: jobs.httpsTimeoutMs,
        resolveHost: systemHostResolver,
        transport: nodeHttpsTransport,
      })
    : null;
  const resolver = new DataResolver(contents, new ProjectionNftAccess(storage.projections), http);
  const admission = new JobAdmission(
    {
      minBudget: jobs.minBudget,
      maxInputBytes: jobs.maxInputBytes,
      llmEnabled: jobs.llm.baseUrl !== null,
    },
    resolver,
    contents,
  );
  const sandbox = new ExecutorSandbox({
    ...sandboxOptions(config),
    logger: log.child('sandbox'),
    ...(options.sandboxChildModule === undefined
      ? {}
      : { childModule: options.sandboxChildModule }),
  });
  const runner = new SandboxJobRunner(sandbox, {
    ...(jobs.llm.baseUrl === null ? {} : { llmBaseUrl: jobs.llm.baseUrl }),
    ...(jobs.llm.apiKey === null ? {} : { llmApiKey: jobs.llm.apiKey.reveal() }),
  });
  const attestor = new JobAttestor(
    await loadAttestationSigner(
      config,
      options.workerSeed,
      [worker.accountId, custody.accountId],
      log.child('attestation'),
    ),
    {
      genesisHash: (await client.getGenesisHash()) as Hex,
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
  const passes = new PassHealth(config.health, jobs.pollIntervalMs);
  const engine = new ObservedJobEngine(
    passes,
    {
      work: storage.work,
      projections: storage.projections,
      actions: {
        findByKeys: (keys) => storage.actions.findByKeys(keys),
        enqueue: async (action) => {
          const enqueued = await storage.actions.enqueue(action);
          if (enqueued.isNew) {
            options.onActionEnqueued?.();
          }
          return enqueued;
        },
      },
      cursors: storage.cursors,
      contents,
    },
    admission,
    runner,
    attestor,
    new ProjectionConfidentialPayloads(storage.projections, options.confidentialKeys),
    engineConfig(config, worker, custody),
    {
      log: log.child('jobs'),
      now: () => new Date(),
      random: Math.random,
      ...(options.engineListener === undefined ? {} : { listener: options.engineListener }),
    },
  );
  return {
    engine,
    sandboxPart: new RunningPart('sandbox', { stop: () => sandbox.close() }),
    enginePart: new EnginePart(engine, passes),
    attestationKey: attestor.publicKey,
  };
}

function engineConfig(
  config: AppConfig,
  worker: KeyringSigner,
  custody: KeyringSigner,
): JobEngineConfig {
  return {
    providers: [worker.h160],
    maxConcurrent: config.jobs.maxConcurrent,
    attemptTimeoutMs: config.jobs.timeoutMs,
    maxRetries: config.jobs.maxRetries,
    maxExecutionMs: config.jobs.maxExecutionMs,
    retry: config.jobs.retry,
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
}
