// Over 300 lines for now: discovery, admission, attempt scheduling, the follow-up pass and ledger
// recording still live here; issue 10 splits them into stages around a pure state machine.
import { decideRetry } from './retry-policy';
import { backoffDelay, startPollLoop, type PollLoop } from '../../shared';
import { computeContentDigest, type ContentDigest } from '../../content-store';
import type { ExecutionRequest } from '../../executors';
import { parseModelRef } from '../../references';
import type { JobAdmission } from './job-admission';
import type { JobAttestor } from './job-attestor';
import type { JobEngineConfig } from './job-engine-config';
import type {
  ConfidentialPayloads,
  JobEngineEnvironment,
  JobEngineStores,
} from './job-engine-ports';
import { JobFollowUp } from './job-follow-up';
import type { JobRunner, RunOutcome } from './job-runner';
import { type JobWork, type JobWorkPatch, type JobWorkState } from './job-work';

/** How long an admission or start claim hides a row from other instances. */
const CLAIM_LEASE_MS = 30_000;
/** Extra time a running attempt's lease outlives its timeout (kill, cleanup, recording). */
const RUN_LEASE_MARGIN_MS = 60_000;
const PAGE = 200;
/**
 * How often discovery also looks at cancelled jobs: one its owner cancelled before any pass saw it
 * assigned still gets a ledger row, so its escrow is offered for refund, or flagged.
 */
const CANCELLED_SCAN_EVERY_MS = 30_000;

/**
 * The job engine: discovers queue jobs assigned to our providers (finalized projections), admits
 * or rejects them, runs them in the sandbox with MAX_CONCURRENT_JOBS slots, retries with backoff,
 * attests results, and drives the on-chain follow-up (marking, attestation, settlement) through the
 * transaction manager's outbox. Every step is durable and keyed, so a restart resumes every job and
 * two instances never run the same attempt.
 */
export class JobEngine {
  private readonly running = new Map<bigint, AbortController>();
  private readonly attempts = new Set<Promise<void>>();
  private readonly followUp: JobFollowUp;
  private loop: PollLoop | undefined;
  /** Where the next follow-up page starts (null: from the first unfinished job). */
  private followUpCursor: bigint | null = null;
  /** Jobs already in the ledger: discovery does not insert them again on every pass. */
  private readonly known = new Set<bigint>();
  private lastCancelledScanAt = Number.NEGATIVE_INFINITY;
  private isStopped = true;

  constructor(
    private readonly stores: JobEngineStores,
    private readonly admission: JobAdmission,
    private readonly runner: JobRunner,
    private readonly attestor: JobAttestor,
    private readonly confidential: ConfidentialPayloads,
    private readonly config: JobEngineConfig,
    private readonly env: JobEngineEnvironment,
  ) {
    this.followUp = new JobFollowUp(stores, config, (work, cid) => this.bindAttestation(work, cid));
  }

  start(): void {
    this.isStopped = false;
    this.lastCancelledScanAt = Number.NEGATIVE_INFINITY;
    this.loop = startPollLoop(
      () => this.tick(),
      this.config.pollIntervalMs,
      (err) => this.env.log.warn('job engine pass failed; retrying', { err }),
    );
  }

  /** Stops taking work; running attempts are aborted and re-run after a restart (graceful drain
   * waits for them up to `drainMs`). */
  async stop(drainMs = 0): Promise<void> {
    this.isStopped = true;
    await this.loop?.stop();
    if (drainMs > 0) {
      await Promise.race([
        Promise.allSettled([...this.attempts]),
        new Promise((resolve) => setTimeout(resolve, drainMs).unref()),
      ]);
    }
    for (const controller of this.running.values()) {
      controller.abort();
    }
    await Promise.allSettled([...this.attempts]);
  }

  runningCount(): number {
    return this.running.size;
  }

  /** Aborts the job's attempt if it runs in this process (operator cancel); false otherwise. */
  abortAttempt(queueJobId: bigint): boolean {
    const controller = this.running.get(queueJobId);
    controller?.abort();
    return controller !== undefined;
  }

  /** One pass of every stage; exposed for tests and for a manual nudge. */
  async tick(): Promise<void> {
    const finalized = await this.finalizedBlock();
    await this.discover();
    await this.admitDue(finalized);
    await this.startDue(finalized);
    await this.abortCancelledAttempts();
    await this.advanceFollowUps(finalized);
  }

  private async finalizedBlock(): Promise<number> {
    const cursor = await this.stores.cursors.get('finalized');
    return cursor === null ? 0 : Number(cursor.block.number);
  }

  private async discover(): Promise<void> {
    const now = this.env.now().getTime();
    const statuses: ('Assigned' | 'InProgress' | 'Cancelled')[] = ['Assigned', 'InProgress'];
    if (now - this.lastCancelledScanAt >= CANCELLED_SCAN_EVERY_MS) {
      this.lastCancelledScanAt = now;
      statuses.push('Cancelled');
    }
    for (const provider of this.config.providers) {
      for (const status of statuses) {
        let cursor: string | null = null;
        do {
          const page = await this.stores.projections.listJobs({
            provider,
            status,
            limit: PAGE,
            cursor,
          });
          for (const job of page.items.filter((j) => !this.known.has(j.id))) {
            const isNew = await this.stores.work.insertDiscovered(
              {
                queueJobId: job.id,
                provider,
                owner: job.owner,
                modelRef: job.modelRef,
                dataRef: job.dataRef,
                budget: job.budget,
                deadlineBlock: job.deadline,
                privacyRequired: job.privacyRequired,
              },
              this.env.now(),
            );
            this.known.add(job.id);
            if (isNew) {
              const work = await this.stores.work.get(job.id);
              if (work !== null) {
                await this.record(work, 'discovered', `assigned to ${provider}`);
              }
            }
          }
          cursor = page.nextCursor;
        } while (cursor !== null);
      }
    }
  }

  private async admitDue(finalized: number): Promise<void> {
    for (;;) {
      const work = await this.stores.work.claimDue(['discovered'], CLAIM_LEASE_MS, this.env.now());
      if (work === null) {
        return;
      }
      await this.admitOne(work, finalized);
    }
  }

  private async admitOne(work: JobWork, finalized: number): Promise<void> {
    if (await this.isCancelledOnChain(work.queueJobId)) {
      await this.finish(work, 'cancelled', 'the owner cancelled the job on-chain');
      return;
    }
    let refs = { modelRef: work.modelRef, dataRef: work.dataRef };
    let confidentialId: bigint | null = null;
    if (work.privacyRequired) {
      const lookup = await this.confidential.find(work.queueJobId);
      if (!lookup.found) {
        await this.retryAdmission(work, finalized, 'waiting for the confidential payload on-chain');
        return;
      }
      confidentialId = lookup.cid;
      if ('error' in lookup) {
        await this.finish(work, 'rejected', `confidential payload ${lookup.cid}: ${lookup.error}`, {
          confidentialId,
        });
        return;
      }
      refs = lookup.refs;
    }
    const verdict = await this.admission.admit(work, refs, finalized);
    switch (verdict.kind) {
      case 'reject':
        await this.finish(work, 'rejected', `${verdict.code}: ${verdict.reason}`, {
          confidentialId,
        });
        return;
      case 'retry':
        await this.retryAdmission(work, finalized, verdict.reason);
        return;
      case 'admit': {
        const admitted: JobWorkPatch = {
          state: 'admitted',
          inputDigest: verdict.inputDigest,
          modelRef: refs.modelRef,
          dataRef: refs.dataRef,
          confidentialId,
          reason: null,
        };
        if (
          !(await this.stores.work.update(work.queueJobId, 'discovered', admitted, this.env.now()))
        ) {
          return;
        }
        await this.record({ ...work, ...admitted }, 'admitted', refs.modelRef);
        if (this.config.settlement.mode === 'custodial') {
          await this.depositIfNoEscrow(work);
        }
        await this.transition({ ...work, ...admitted }, 'queued', {
          nextAttemptAt: this.env.now(),
        });
      }
    }
  }

  /** Custodial mode: the service becomes the depositor, so it can release or refund later. */
  private async depositIfNoEscrow(work: JobWork): Promise<void> {
    const escrow = await this.stores.projections.getEscrow(work.queueJobId);
    const isActive = escrow !== null && !escrow.released && !escrow.refunded && escrow.amount > 0n;
    if (!isActive) {
      await this.stores.actions.enqueue(this.followUp.actionFor(work, 'deposit', null));
    }
  }

  private async retryAdmission(work: JobWork, finalized: number, reason: string): Promise<void> {
    if (finalized >= work.deadlineBlock) {
      await this.finish(work, 'expired', `deadline passed before admission: ${reason}`);
      return;
    }
    const delay = backoffDelay(work.attempts + 1, this.config.retry, this.env.random);
    await this.stores.work.update(
      work.queueJobId,
      'discovered',
      { reason, nextAttemptAt: new Date(this.env.now().getTime() + delay) },
      this.env.now(),
    );
  }

  private async startDue(finalized: number): Promise<void> {
    while (!this.isStopped && this.running.size < this.config.maxConcurrent) {
      const work = await this.stores.work.claimDue(
        ['queued', 'running'],
        CLAIM_LEASE_MS,
        this.env.now(),
      );
      if (work === null) {
        return;
      }
      if (work.state === 'running') {
        // An attempt whose owner died (its lease ran out): count it and decide again.
        await this.afterAttempt(
          work,
          {
            status: 'error',
            kind: 'crashed',
            message: 'the attempt was interrupted (service restart or crash)',
          },
          finalized,
        );
        continue;
      }
      if (finalized >= work.deadlineBlock) {
        await this.finish(work, 'expired', `deadline block ${work.deadlineBlock} passed`);
        continue;
      }
      if (await this.isCancelledOnChain(work.queueJobId)) {
        await this.finish(work, 'cancelled', 'the owner cancelled the job on-chain');
        continue;
      }
      await this.launch(work, finalized);
    }
  }

  private async launch(work: JobWork, finalized: number): Promise<void> {
    const attempt = work.attempts + 1;
    const patch: JobWorkPatch = {
      state: 'running',
      attempts: attempt,
      nextAttemptAt: new Date(
        this.env.now().getTime() + this.config.attemptTimeoutMs + RUN_LEASE_MARGIN_MS,
      ),
    };
    if (!(await this.stores.work.update(work.queueJobId, 'queued', patch, this.env.now()))) {
      return;
    }
    const running: JobWork = { ...work, ...patch };
    await this.record(running, 'running', `attempt ${attempt}`);
    await this.stores.actions.enqueue(this.followUp.actionFor(work, 'mark_in_progress', null));
    const controller = new AbortController();
    this.running.set(work.queueJobId, controller);
    const task = this.runAttempt(running, controller.signal)
      .then((outcome) => this.afterAttempt(running, outcome, finalized))
      .catch((err: unknown) =>
        this.env.log.error('recording a job attempt failed', { err, jobId: work.queueJobId }),
      )
      .finally(() => {
        this.running.delete(work.queueJobId);
        this.attempts.delete(task);
      });
    this.attempts.add(task);
  }

  private async runAttempt(work: JobWork, signal: AbortSignal): Promise<RunOutcome> {
    try {
      const request = await this.buildRequest(work);
      if ('invalid' in request) {
        return { status: 'invalid-input', message: request.invalid };
      }
      const outcome = await this.runner.run(request, {
        signal,
        timeoutMs: this.config.attemptTimeoutMs,
      });
      this.env.listener?.onAttemptFinished?.(
        work,
        outcome.status === 'error' ? outcome.kind : outcome.status,
        outcome.status === 'ok' ? outcome.durationMs : 0,
      );
      return outcome;
    } catch (err) {
      return { status: 'error', kind: 'failed', message: errorText(err) };
    }
  }

  private async buildRequest(work: JobWork): Promise<ExecutionRequest | { invalid: string }> {
    const model = parseModelRef(work.modelRef);
    if (!model.ok || work.inputDigest === null) {
      return { invalid: model.ok ? 'no admitted input' : model.reason };
    }
    const input = await this.stores.contents.get(work.inputDigest as ContentDigest);
    if (input === null) {
      throw new Error(`admitted input ${work.inputDigest} is missing from the content store`);
    }
    let modelBytes: Uint8Array | undefined;
    if (model.ref.kind === 'onnx') {
      const stored = await this.stores.contents.get(model.ref.digest);
      if (stored === null) {
        throw new Error(`model ${model.ref.digest} is missing from the content store`);
      }
      modelBytes = stored.bytes;
    }
    return {
      model: model.ref,
      input: input.bytes,
      inputMediaType: input.mediaType,
      ...(modelBytes === undefined ? {} : { modelBytes }),
    };
  }

  private async afterAttempt(work: JobWork, outcome: RunOutcome, finalized: number): Promise<void> {
    if (outcome.status === 'ok') {
      await this.succeed(work, outcome);
      return;
    }
    if (outcome.status === 'invalid-input') {
      await this.finish(work, 'failed', `invalid input: ${outcome.message}`);
      return;
    }
    const reason = `${outcome.kind}: ${outcome.message}`;
    if (this.isStopped && outcome.kind === 'aborted') {
      // Shutdown: hand the attempt back untouched (not counted) for the next start.
      await this.stores.work.update(
        work.queueJobId,
        'running',
        { state: 'queued', attempts: work.attempts - 1, nextAttemptAt: this.env.now() },
        this.env.now(),
      );
      return;
    }
    if (await this.isCancelledOnChain(work.queueJobId)) {
      await this.finish(work, 'cancelled', 'the owner cancelled the job on-chain');
      return;
    }
    if (finalized >= work.deadlineBlock) {
      await this.finish(work, 'expired', `deadline passed after ${reason}`);
      return;
    }
    const delay = backoffDelay(work.attempts, this.config.retry, this.env.random);
    const verdict = decideRetry(work, delay, this.env.now(), this.config);
    if (!verdict.retry) {
      await this.finish(work, 'failed', `${verdict.reason}; last: ${reason}`);
      return;
    }
    if (await this.transition(work, 'queued', { reason, nextAttemptAt: verdict.at })) {
      await this.record(work, 'retry-scheduled', `${reason}; retry in ${delay} ms`);
    }
  }

  private async succeed(
    work: JobWork,
    outcome: Extract<RunOutcome, { status: 'ok' }>,
  ): Promise<void> {
    const { result } = outcome;
    const outputDigest = await this.stores.contents.put(result.output, result.outputMediaType);
    if (outputDigest !== computeContentDigest(result.output)) {
      throw new Error('content store returned a different digest for the output');
    }
    const artifacts: Record<string, string> = {};
    const model = parseModelRef(work.modelRef);
    const isTraining = model.ok && model.ref.kind === 'train';
    for (const artifact of result.artifacts ?? []) {
      // A training job's model may run later as onnx:sha256:<digest>; nothing else may (ADR 0011).
      const asModel = isTraining && artifact.role === 'model';
      const { bytes, mediaType } = artifact;
      artifacts[artifact.role] = await this.stores.contents.put(bytes, mediaType, { asModel });
    }
    const workResult = {
      inputDigest: work.inputDigest ?? '',
      modelDigest: result.modelDigest,
      outputDigest,
      outputMediaType: result.outputMediaType,
      executorVersion: result.executorVersion,
      summary: result.summary,
      artifacts,
      durationMs: outcome.durationMs,
    };
    const { json } = await this.attestor.attest(work, workResult);
    await this.finish(work, 'succeeded', null, { result: workResult, attestation: json });
  }

  /** An owner (on-chain) or an operator (the ledger, any instance) may cancel a running job: stop the attempt. */
  private async abortCancelledAttempts(): Promise<void> {
    for (const [queueJobId, controller] of this.running) {
      const isLedgerCancelled = (await this.stores.work.get(queueJobId))?.state === 'cancelled';
      if (isLedgerCancelled || (await this.isCancelledOnChain(queueJobId))) {
        controller.abort();
      }
    }
  }

  /** One page of finished jobs per pass, rotating, so every unfinished follow-up gets its turn. */
  private async advanceFollowUps(finalized: number): Promise<void> {
    const rows = await this.stores.work.listFollowUps(this.followUpCursor, PAGE);
    this.followUpCursor = rows.length < PAGE ? null : (rows.at(-1)?.queueJobId ?? null);
    for (const work of rows) {
      try {
        const { plan, confidentialId } = await this.followUp.advance(work, finalized);
        const changed =
          plan.settlement !== work.settlement ||
          plan.done !== work.followUpDone ||
          confidentialId !== work.confidentialId;
        if (changed) {
          await this.stores.work.update(
            work.queueJobId,
            work.state,
            {
              settlement: plan.settlement,
              settlementReason: plan.settlementReason,
              followUpDone: plan.done,
              confidentialId,
            },
            this.env.now(),
          );
          if (plan.settlement !== work.settlement) {
            await this.record(work, `settlement-${plan.settlement}`, plan.settlementReason);
          }
          if (plan.done) {
            await this.record(work, 'follow-up-done', plan.settlementReason);
          }
        }
      } catch (err) {
        this.env.log.warn('job follow-up failed; will retry', { err, jobId: work.queueJobId });
      }
    }
  }

  /** The job's attestation re-signed for the record it goes on-chain under (ADR 0010), stored. */
  private async bindAttestation(work: JobWork, cid: bigint): Promise<JobWork> {
    const bound =
      work.attestation === null ? null : await this.attestor.bindToRecord(work.attestation, cid);
    if (bound === null) {
      return work;
    }
    const patch = { attestation: bound.json };
    if (!(await this.stores.work.update(work.queueJobId, work.state, patch, this.env.now()))) {
      throw new Error(`job ${work.queueJobId} changed while its attestation was re-signed`);
    }
    await this.record(work, 'attestation-bound', `phala_job_processor job ${cid}`);
    return { ...work, ...patch };
  }

  private async isCancelledOnChain(queueJobId: bigint): Promise<boolean> {
    const job = await this.stores.projections.getJob(queueJobId);
    return job?.status === 'Cancelled';
  }

  private async finish(
    work: JobWork,
    state: JobWorkState,
    reason: string | null,
    extra: JobWorkPatch = {},
  ): Promise<void> {
    await this.transition(work, state, { ...extra, reason, finishedAt: this.env.now() });
  }

  private async transition(
    work: JobWork,
    state: JobWorkState,
    patch: JobWorkPatch,
  ): Promise<boolean> {
    const applied = await this.stores.work.update(
      work.queueJobId,
      work.state,
      { ...patch, state },
      this.env.now(),
    );
    if (applied) {
      await this.record({ ...work, ...patch, state }, state, patch.reason ?? null);
    }
    return applied;
  }

  private async record(work: JobWork, stage: string, detail: string | null): Promise<void> {
    await this.stores.work.appendEvent({
      queueJobId: work.queueJobId,
      stage,
      at: this.env.now(),
      detail,
    });
    try {
      this.env.listener?.onStage?.(work, stage, detail);
    } catch {
      // a listener never stops the engine
    }
    this.env.log.info(`job ${work.queueJobId} ${stage}`, detail === null ? {} : { detail });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
