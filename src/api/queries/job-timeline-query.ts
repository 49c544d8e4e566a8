import type { JobWorkRepository } from '../../jobs/engine';
import type { ChainEvent } from '../../chain/follower';
import { engineStages, mergeStages } from '../bodies/timeline-body';
import type { TIMELINE_STAGES, TimelineBody } from '../dto/jobs.dto';
import type { JobsQuery } from './jobs-query';
import { allEvents, decodedId, type EventReads } from './stored-events';

type Stage = (typeof TIMELINE_STAGES)[number];

const STAGES: Readonly<Record<string, Stage>> = {
  'aiJobQueue.JobSubmitted': 'submitted',
  'aiJobQueue.JobAssigned': 'assigned',
  'aiJobQueue.JobStatusChanged': 'statusChanged',
  'aiJobQueue.JobCompleted': 'completed',
  'aiJobQueue.JobCancelled': 'cancelled',
  'paymentEscrow.Deposited': 'deposited',
  'paymentEscrow.Released': 'released',
  'paymentEscrow.Refunded': 'refunded',
  'paymentEscrow.ProviderSet': 'providerSet',
};

/**
 * /jobs/:id/timeline: the job's stored ai_job_queue and payment_escrow events, oldest first, the
 * job engine's stages when this service worked it, and both merged by time.
 */
export class JobTimelineQuery {
  constructor(
    private readonly jobs: Pick<JobsQuery, 'require'>,
    private readonly events: EventReads,
    private readonly work: Pick<JobWorkRepository, 'listEvents'> | null = null,
  ) {}

  async timeline(id: bigint): Promise<TimelineBody> {
    const job = await this.jobs.require(id);
    const fromBlock = job.submittedBlock ?? undefined;
    const [queue, escrow, work] = await Promise.all([
      allEvents(this.events, { contract: 'aiJobQueue', fromBlock }),
      allEvents(this.events, { contract: 'paymentEscrow', fromBlock }),
      this.work?.listEvents(id) ?? [],
    ]);
    const mine = [...queue, ...escrow]
      .filter((e) => decodedId(e, 'jobId') === id && STAGES[key(e)] !== undefined)
      .sort(byPosition);
    const submitted = mine.find((e) => e.eventName === 'JobSubmitted')?.block.number ?? null;
    let previous: bigint | null = null;
    const stages = mine.map((e) => {
      const block = e.block.number;
      const stage = {
        stage: STAGES[key(e)] as Stage,
        contract: e.contract as 'aiJobQueue' | 'paymentEscrow',
        eventName: e.eventName,
        block: block.toString(),
        eventIndex: e.eventIndex,
        isFinal: e.isFinal,
        blocksSincePrevious: previous === null ? null : (block - previous).toString(),
        blocksSinceSubmitted:
          submitted === null || block < submitted ? null : (block - submitted).toString(),
        details: fields(e),
      };
      previous = block;
      return stage;
    });
    const chain = mine.map((e) => ({
      stage: STAGES[key(e)] as Stage,
      block: e.block.number,
      storedAt: e.createdAt,
    }));
    return {
      id: id.toString(),
      stages,
      engine: work.length === 0 ? null : engineStages(work),
      merged: mergeStages(chain, work),
    };
  }
}

function key(e: ChainEvent): string {
  return `${e.contract}.${e.eventName}`;
}

function byPosition(a: ChainEvent, b: ChainEvent): number {
  if (a.block.number !== b.block.number) {
    return a.block.number < b.block.number ? -1 : 1;
  }
  return a.eventIndex - b.eventIndex;
}

function fields(e: ChainEvent): Record<string, unknown> {
  const d = e.decoded;
  return d !== null && typeof d === 'object' && !Array.isArray(d) ? d : { value: d };
}
