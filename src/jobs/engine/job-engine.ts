import { startPollLoop, type PollLoop } from '../../shared';
import { AdmissionStage } from './admission-stage';
import { AttemptScheduler } from './attempt-scheduler';
import { finalizedBlockNumber } from './chain-facts';
import { FollowUpStage } from './follow-up-stage';
import type { JobAdmission } from './job-admission';
import type { JobAttestor } from './job-attestor';
import { JobDiscovery } from './job-discovery';
import type { JobEngineConfig } from './job-engine-config';
import type {
  ConfidentialPayloads,
  JobEngineEnvironment,
  JobEngineStores,
} from './job-engine-ports';
import type { JobRunner } from './job-runner';
import { WorkLedger } from './work-ledger';

/**
 * The job engine: discovers queue jobs assigned to our providers (finalized projections), admits
 * or rejects them, runs them in the sandbox with MAX_CONCURRENT_JOBS slots, retries with backoff,
 * attests results, and drives the on-chain follow-up (marking, attestation, settlement) through the
 * transaction manager's outbox. Every step is durable and keyed, so a restart resumes every job and
 * two instances never run the same attempt.
 *
 * One pass runs the stages in order: discovery (job-discovery.ts), admission (admission-stage.ts),
 * attempt scheduling (attempt-scheduler.ts) and the follow-up pass (follow-up-stage.ts); each moves
 * jobs only through the work ledger (work-ledger.ts) and its state machine (work-state-machine.ts).
 */
export class JobEngine {
  private readonly discovery: JobDiscovery;
  private readonly admission: AdmissionStage;
  private readonly scheduler: AttemptScheduler;
  private readonly followUps: FollowUpStage;
  private loop: PollLoop | undefined;

  constructor(
    private readonly stores: JobEngineStores,
    admission: Pick<JobAdmission, 'admit'>,
    runner: JobRunner,
    attestor: Pick<JobAttestor, 'attest' | 'bindToRecord'>,
    confidential: ConfidentialPayloads,
    private readonly config: JobEngineConfig,
    private readonly env: JobEngineEnvironment,
  ) {
    const ledger = new WorkLedger(stores.work, env);
    this.followUps = new FollowUpStage(stores, ledger, attestor, config, env);
    const { followUp } = this.followUps;
    this.discovery = new JobDiscovery(stores.projections, ledger, config.providers, env.now);
    this.admission = new AdmissionStage(
      stores,
      ledger,
      admission,
      confidential,
      followUp,
      config,
      env,
    );
    this.scheduler = new AttemptScheduler(
      stores,
      ledger,
      runner,
      attestor,
      followUp,
      config,
      env,
      () => this.wake(),
    );
  }

  start(): void {
    this.scheduler.resume();
    this.discovery.rescanCancelled();
    this.loop = startPollLoop(
      () => this.tick(),
      this.config.pollIntervalMs,
      (err) => this.env.log.warn('job engine pass failed; retrying', { err }),
    );
  }

  /** Stops taking work; running attempts are aborted and re-run after a restart (graceful drain
   * waits for them up to `drainMs`). */
  async stop(drainMs = 0): Promise<void> {
    this.scheduler.pause();
    await this.loop?.stop();
    await this.scheduler.drain(drainMs);
  }

  runningCount(): number {
    return this.scheduler.runningCount();
  }

  /**
   * Something the engine waits for happened (a finalized event stored, an attempt recorded): the
   * next pass runs now instead of after `pollIntervalMs`, which stays the fallback.
   */
  wake(): void {
    this.loop?.wake();
  }

  /** Aborts the job's attempt if it runs in this process (operator cancel); false otherwise. */
  abortAttempt(queueJobId: bigint): boolean {
    return this.scheduler.abort(queueJobId);
  }

  /** One pass of every stage; exposed for tests and for a manual nudge. */
  async tick(): Promise<void> {
    const finalized = await finalizedBlockNumber(this.stores.cursors);
    await this.discovery.discover();
    await this.admission.admitDue(finalized);
    await this.scheduler.startDue(finalized);
    await this.scheduler.abortCancelled();
    await this.followUps.advance(finalized);
  }

  /** Resolves once no attempt of this process is running (their outcomes recorded); for tests. */
  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle();
  }
}
