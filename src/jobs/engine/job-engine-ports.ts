import type { ChainActionRepository } from '../../chain/tx';
import type { ChainCursorRepository } from '../../chain/follower';
import type { ProjectionRepository } from '../../projections';
import type { ContentStore } from '../../content-store';
import type { Logger } from '../../shared';
import type { JobRefs } from './job-admission';
import type { JobWork, JobWorkRepository } from './job-work';

/** A confidential job's payload, decoded (or why it cannot be). */
export type ConfidentialPayloadLookup =
  | { readonly found: false }
  | { readonly found: true; readonly cid: bigint; readonly refs: JobRefs }
  | { readonly found: true; readonly cid: bigint; readonly error: string };

/** Finds and decodes the phala_job_processor payload linked to a queue job (privacy jobs). */
export interface ConfidentialPayloads {
  find(queueJobId: bigint): Promise<ConfidentialPayloadLookup>;
}

/** Stage notifications for metrics, logs and the SSE stream; a throwing listener is ignored. */
export interface JobEngineListener {
  onStage?(work: JobWork, stage: string, detail: string | null): void;
  onAttemptFinished?(work: JobWork, outcome: string, durationMs: number): void;
}

/** What the engine reads and writes (each a port of its owner; only the parts it uses). */
export interface JobEngineStores {
  readonly work: JobWorkRepository;
  readonly projections: Pick<
    ProjectionRepository,
    'listJobs' | 'getJob' | 'getEscrow' | 'getConfidentialJob' | 'findConfidentialJobsForQueueJob'
  >;
  readonly actions: Pick<ChainActionRepository, 'enqueue' | 'findByKeys'>;
  readonly cursors: Pick<ChainCursorRepository, 'get'>;
  readonly contents: ContentStore;
}

export interface JobEngineEnvironment {
  readonly log: Logger;
  readonly now: () => Date;
  /** [0, 1) for retry jitter. */
  readonly random: () => number;
  readonly listener?: JobEngineListener;
}
