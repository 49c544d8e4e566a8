import type { ChainAction, NewChainAction } from '../../../chain/tx';
import type { JobStatus } from '../../../contracts';
import { InMemoryContentStore } from '../../../content-store/testing/in-memory-content-store';
import type { ProjectedJob } from '../../../projections';
import { InMemoryProjectionRepository } from '../../../projections/testing/in-memory-projection-repository';
import { NOOP_LOGGER } from '../../../shared';
import { ManualClock } from '../../../shared/testing/manual-clock';
import type { AdmissionVerdict, JobRefs } from '../job-admission';
import type { JobEngineConfig } from '../job-engine-config';
import type {
  ConfidentialPayloadLookup,
  JobEngineEnvironment,
  JobEngineStores,
} from '../job-engine-ports';
import type { JobRunner, RunOutcome } from '../job-runner';
import type { JobWork, WorkResult } from '../job-work';
import { WorkLedger } from '../work-ledger';
import { InMemoryJobWorkRepository } from './in-memory-job-work-repository';

export const PROVIDER = '0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
export const OWNER = '0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
export const CUSTODY = '0xcccccccccccccccccccccccccccccccccccccccc';

export function engineConfig(overrides: Partial<JobEngineConfig> = {}): JobEngineConfig {
  return {
    providers: [PROVIDER],
    maxConcurrent: 2,
    attemptTimeoutMs: 10_000,
    maxRetries: 2,
    maxExecutionMs: 3_600_000,
    retry: { baseMs: 1_000, maxMs: 60_000 },
    pollIntervalMs: 100,
    settlement: { mode: 'user-signed', custody: null, depositPlanck: 5n, graceBlocks: 10 },
    attesterAccountId: `0x${'dd'.repeat(32)}`,
    attesterAddress: '5Attester',
    ...overrides,
  };
}

/** The outbox as the engine uses it: keyed, idempotent enqueue; a status per key. */
export class RecordingOutbox {
  readonly enqueued: NewChainAction[] = [];
  readonly status = new Map<string, ChainAction['status']>();

  enqueue = (action: NewChainAction): Promise<{ action: ChainAction; isNew: boolean }> => {
    const isNew = !this.status.has(action.idempotencyKey);
    if (isNew) {
      this.enqueued.push(action);
      this.status.set(action.idempotencyKey, 'pending');
    }
    return Promise.resolve({ action: this.row(action.idempotencyKey), isNew });
  };

  findByKeys = (keys: readonly string[]): Promise<ChainAction[]> =>
    Promise.resolve(keys.filter((k) => this.status.has(k)).map((k) => this.row(k)));

  keys(): string[] {
    return this.enqueued.map((a) => a.idempotencyKey);
  }

  private row(key: string): ChainAction {
    return { idempotencyKey: key, status: this.status.get(key) } as ChainAction;
  }
}

/**
 * A runner that answers each attempt with the next scripted outcome (a promise: when it settles),
 * or, with none scripted, runs until aborted.
 */
export class ScriptedRunner implements JobRunner {
  readonly outcomes: (RunOutcome | Promise<RunOutcome> | 'hang')[] = [];
  readonly requests: { modelRef: string; timeoutMs: number }[] = [];

  run(
    request: Parameters<JobRunner['run']>[0],
    options: { readonly signal: AbortSignal; readonly timeoutMs: number },
  ): Promise<RunOutcome> {
    this.requests.push({ modelRef: request.model.kind, timeoutMs: options.timeoutMs });
    const next = this.outcomes.shift() ?? 'hang';
    if (next !== 'hang') {
      return Promise.resolve(next);
    }
    return new Promise((resolve) => {
      const aborted = () => resolve({ status: 'error', kind: 'aborted', message: 'aborted' });
      if (options.signal.aborted) {
        aborted();
      }
      options.signal.addEventListener('abort', aborted, { once: true });
    });
  }
}

export function okOutcome(text = 'hello', durationMs = 42): RunOutcome {
  return {
    status: 'ok',
    durationMs,
    result: {
      output: new TextEncoder().encode(text),
      outputMediaType: 'text/plain; charset=utf-8',
      modelDigest: `sha256:${'11'.repeat(32)}`,
      executorVersion: 'ocr@1',
      summary: { words: 1 },
    },
  };
}

/**
 * Every port of the engine in memory, with a manual clock: the unit tests of the stages build
 * the stage under test over this world and look at the ledger, its timeline and the outbox.
 */
export class EngineWorld {
  readonly clock = new ManualClock();
  readonly work = new InMemoryJobWorkRepository();
  readonly projections = new InMemoryProjectionRepository();
  readonly outbox = new RecordingOutbox();
  readonly contents = new InMemoryContentStore();
  readonly runner = new ScriptedRunner();
  finalized = 100;
  /** What the admission policy answers (default: admit with the stored input). */
  verdict: (work: JobWork, refs: JobRefs) => Promise<AdmissionVerdict> = async (_work, refs) => ({
    kind: 'admit',
    model: { kind: 'ocr', name: 'pp-ocrv4' } as never,
    inputDigest: await this.contents.put(new TextEncoder().encode(refs.dataRef), 'text/plain'),
  });
  confidential: (queueJobId: bigint) => ConfidentialPayloadLookup = () => ({ found: false });
  readonly stages: { queueJobId: bigint; stage: string; detail: string | null }[] = [];
  config = engineConfig();

  readonly env: JobEngineEnvironment = {
    log: NOOP_LOGGER,
    now: () => this.clock.now(),
    random: () => 0.5,
    listener: {
      onStage: (work, stage, detail) =>
        this.stages.push({ queueJobId: work.queueJobId, stage, detail }),
    },
  };

  readonly stores: JobEngineStores = {
    work: this.work,
    projections: this.projections,
    actions: this.outbox,
    cursors: {
      get: () =>
        Promise.resolve({
          lane: 'finalized',
          block: { number: BigInt(this.finalized), hash: '0x01' },
          version: 1,
          updatedAt: this.clock.now(),
        }),
    },
    contents: this.contents,
  };

  readonly ledger = new WorkLedger(this.work, this.env);

  readonly policy = { admit: (work: JobWork, refs: JobRefs) => this.verdict(work, refs) };
  readonly payloads = { find: (id: bigint) => Promise.resolve(this.confidential(id)) };
  readonly attestor = {
    attest: (work: JobWork, result: WorkResult) =>
      Promise.resolve({
        signed: null as never,
        json: JSON.stringify({ job: work.queueJobId.toString(), output: result.outputDigest }),
      }),
    bindToRecord: (json: string, cid: bigint) =>
      Promise.resolve({ signed: null as never, json: `${json}@${cid}` }),
  };

  /** A queue job on-chain (finalized projection), assigned to our provider. */
  chainJob(id: bigint, overrides: Partial<ProjectedJob> = {}): ProjectedJob {
    const job: ProjectedJob = {
      id,
      owner: OWNER,
      modelRef: 'ocr:pp-ocrv4',
      dataRef: `text:job-${id}`,
      budget: 1_000n,
      status: 'Assigned',
      assignedProvider: PROVIDER,
      deadline: 1_000,
      privacyRequired: false,
      resultHash: null,
      completedBy: null,
      cancelCount: 0,
      submittedBlock: 1n,
      updated: { block: 1n, seq: 0 },
      ...overrides,
    };
    this.projections.jobs.set(id, job);
    return job;
  }

  setChainStatus(id: bigint, status: JobStatus): void {
    const job = this.projections.jobs.get(id);
    if (job === undefined) {
      throw new Error(`no chain job ${id}`);
    }
    this.projections.jobs.set(id, { ...job, status });
  }

  /** A job in the ledger in `state` (seeded directly), as discovery would have stored it. */
  async ledgerJob(id: bigint, overrides: Partial<JobWork> = {}): Promise<JobWork> {
    const job = this.projections.jobs.get(id) ?? this.chainJob(id);
    await this.work.insertDiscovered(
      {
        queueJobId: id,
        provider: PROVIDER,
        owner: job.owner,
        modelRef: job.modelRef,
        dataRef: job.dataRef,
        budget: job.budget,
        deadlineBlock: job.deadline,
        privacyRequired: job.privacyRequired,
      },
      this.clock.now(),
      null,
    );
    const stored = await this.work.get(id);
    const work = { ...stored!, ...overrides };
    this.work.seed(work);
    return work;
  }

  async state(id: bigint): Promise<JobWork['state'] | undefined> {
    return (await this.work.get(id))?.state;
  }

  /** The job's timeline as `stage` or `stage: detail` lines. */
  async timeline(id: bigint): Promise<string[]> {
    const events = await this.work.listEvents(id);
    return events.map((e) => (e.detail === null ? e.stage : `${e.stage}: ${e.detail}`));
  }
}
