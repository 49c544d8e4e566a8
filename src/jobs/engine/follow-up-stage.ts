import type { JobAttestor } from './job-attestor';
import type { JobEngineConfig } from './job-engine-config';
import type { JobEngineEnvironment, JobEngineStores } from './job-engine-ports';
import { JobFollowUp } from './job-follow-up';
import type { JobWork, TimelineLine } from './job-work';
import type { WorkLedger } from './work-ledger';

/** Finished jobs per pass. */
const PAGE = 200;

/**
 * The follow-up pass: for one page of finished jobs per pass (rotating, so every unfinished
 * follow-up gets its turn) it plans and enqueues the next on-chain steps (JobFollowUp) and records
 * the settlement's progress in the ledger. A job that fails is logged and tried again next pass.
 */
export class FollowUpStage {
  /** Plans, gathers facts and builds the outbox action of each on-chain step. */
  readonly followUp: JobFollowUp;
  /** Where the next page starts (null: from the first unfinished job). */
  private cursor: bigint | null = null;

  constructor(
    private readonly stores: JobEngineStores,
    private readonly ledger: WorkLedger,
    private readonly attestor: Pick<JobAttestor, 'bindToRecord'>,
    config: JobEngineConfig,
    private readonly env: Pick<JobEngineEnvironment, 'log'>,
  ) {
    this.followUp = new JobFollowUp(stores, config, (work, cid) => this.bindAttestation(work, cid));
  }

  async advance(finalized: number): Promise<void> {
    const rows = await this.stores.work.listFollowUps(this.cursor, PAGE);
    this.cursor = rows.length < PAGE ? null : (rows.at(-1)?.queueJobId ?? null);
    for (const work of rows) {
      try {
        await this.advanceOne(work, finalized);
      } catch (err) {
        this.env.log.warn('job follow-up failed; will retry', { err, jobId: work.queueJobId });
      }
    }
  }

  private async advanceOne(work: JobWork, finalized: number): Promise<void> {
    const { plan, confidentialId } = await this.followUp.advance(work, finalized);
    const changed =
      plan.settlement !== work.settlement ||
      plan.done !== work.followUpDone ||
      confidentialId !== work.confidentialId;
    if (!changed) {
      return;
    }
    const lines: TimelineLine[] = [];
    if (plan.settlement !== work.settlement) {
      lines.push({ stage: `settlement-${plan.settlement}`, detail: plan.settlementReason });
    }
    if (plan.done) {
      lines.push({ stage: 'follow-up-done', detail: plan.settlementReason });
    }
    const patch = {
      settlement: plan.settlement,
      settlementReason: plan.settlementReason,
      followUpDone: plan.done,
      confidentialId,
    };
    await this.ledger.move(work, 'follow-up', patch, lines);
  }

  /** The job's attestation re-signed for the record it goes on-chain under (ADR 0010), stored. */
  private async bindAttestation(work: JobWork, cid: bigint): Promise<JobWork> {
    const bound =
      work.attestation === null ? null : await this.attestor.bindToRecord(work.attestation, cid);
    if (bound === null) {
      return work;
    }
    const stored = await this.ledger.move(work, 'bind-attestation', { attestation: bound.json }, [
      { stage: 'attestation-bound', detail: `phala_job_processor job ${cid}` },
    ]);
    if (stored === null) {
      throw new Error(`job ${work.queueJobId} changed while its attestation was re-signed`);
    }
    return stored;
  }
}
