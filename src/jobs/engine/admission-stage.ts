import { backoffDelay } from '../../shared';
import { isCancelledOnChain } from './chain-facts';
import type { JobAdmission } from './job-admission';
import { CLAIM_LEASE_MS, type JobEngineConfig } from './job-engine-config';
import type {
  ConfidentialPayloads,
  JobEngineEnvironment,
  JobEngineStores,
} from './job-engine-ports';
import type { JobFollowUp } from './job-follow-up';
import type { JobWork } from './job-work';
import type { WorkLedger } from './work-ledger';

/**
 * Admission: takes each due `discovered` job (one instance at a time, by claim), reads a
 * confidential job's payload, asks the admission policy, and moves the job to `rejected`,
 * `cancelled`, `expired`, back to `discovered` with a backoff (undecidable yet), or through
 * `admitted` (custodial mode: the escrow deposit is asked for) to `queued`.
 */
export class AdmissionStage {
  constructor(
    private readonly stores: Pick<JobEngineStores, 'work' | 'projections' | 'actions'>,
    private readonly ledger: WorkLedger,
    private readonly policy: Pick<JobAdmission, 'admit'>,
    private readonly confidential: ConfidentialPayloads,
    private readonly followUp: Pick<JobFollowUp, 'actionFor'>,
    private readonly config: Pick<JobEngineConfig, 'retry' | 'settlement'>,
    private readonly env: Pick<JobEngineEnvironment, 'now' | 'random'>,
  ) {}

  /** Admits every due job; an `admitted` one left behind by a crash is queued now. */
  async admitDue(finalized: number): Promise<void> {
    for (;;) {
      const work = await this.stores.work.claimDue(
        ['discovered', 'admitted'],
        CLAIM_LEASE_MS,
        this.env.now(),
      );
      if (work === null) {
        return;
      }
      if (work.state === 'admitted') {
        await this.queue(work);
      } else {
        await this.admitOne(work, finalized);
      }
    }
  }

  private async admitOne(work: JobWork, finalized: number): Promise<void> {
    if (await isCancelledOnChain(this.stores.projections, work.queueJobId)) {
      await this.ledger.finish(work, 'cancel', 'the owner cancelled the job on-chain');
      return;
    }
    let refs = { modelRef: work.modelRef, dataRef: work.dataRef };
    let confidentialId: bigint | null = null;
    if (work.privacyRequired) {
      const lookup = await this.confidential.find(work.queueJobId);
      if (!lookup.found) {
        await this.defer(work, finalized, 'waiting for the confidential payload on-chain');
        return;
      }
      confidentialId = lookup.cid;
      if ('error' in lookup) {
        const reason = `confidential payload ${lookup.cid}: ${lookup.error}`;
        await this.ledger.finish(work, 'reject', reason, { confidentialId });
        return;
      }
      refs = lookup.refs;
    }
    const verdict = await this.policy.admit(work, refs, finalized);
    switch (verdict.kind) {
      case 'reject':
        await this.ledger.finish(work, 'reject', `${verdict.code}: ${verdict.reason}`, {
          confidentialId,
        });
        return;
      case 'retry':
        await this.defer(work, finalized, verdict.reason);
        return;
      case 'admit': {
        const admitted = await this.ledger.move(
          work,
          'admit',
          {
            inputDigest: verdict.inputDigest,
            modelRef: refs.modelRef,
            dataRef: refs.dataRef,
            confidentialId,
            reason: null,
          },
          [{ stage: 'admitted', detail: refs.modelRef }],
        );
        if (admitted !== null) {
          await this.queue(admitted);
        }
      }
    }
  }

  /** admitted → queued; custodial mode first asks for the deposit (idempotent by key). */
  private async queue(work: JobWork): Promise<void> {
    if (this.config.settlement.mode === 'custodial') {
      await this.depositIfNoEscrow(work);
    }
    await this.ledger.move(work, 'queue', { nextAttemptAt: this.env.now() }, [
      { stage: 'queued', detail: null },
    ]);
  }

  /** Custodial mode: the service becomes the depositor, so it can release or refund later. */
  private async depositIfNoEscrow(work: JobWork): Promise<void> {
    const escrow = await this.stores.projections.getEscrow(work.queueJobId);
    const isActive = escrow !== null && !escrow.released && !escrow.refunded && escrow.amount > 0n;
    if (!isActive) {
      await this.stores.actions.enqueue(this.followUp.actionFor(work, 'deposit', null));
    }
  }

  /** Not decidable yet: try again after a backoff, unless the deadline has passed. */
  private async defer(work: JobWork, finalized: number, reason: string): Promise<void> {
    if (finalized >= work.deadlineBlock) {
      await this.ledger.finish(work, 'expire', `deadline passed before admission: ${reason}`);
      return;
    }
    const delay = backoffDelay(work.attempts + 1, this.config.retry, this.env.random);
    const nextAttemptAt = new Date(this.env.now().getTime() + delay);
    await this.ledger.move(work, 'defer', { reason, nextAttemptAt }, []);
  }
}
