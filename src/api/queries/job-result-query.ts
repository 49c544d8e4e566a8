import type { ContentDigest, ContentStore } from '../../content-store';
import { isTerminalWorkState, type JobWork, type JobWorkRepository } from '../../jobs/engine';
import { AppError } from '../../shared';
import { shouldInline, toOutputBody } from '../bodies/job-output-body';
import type { JobResultBody } from '../dto/job-engine.dto';

/** The work ledger and content store as GET /jobs/:id/result reads them. */
export interface JobResultReads {
  readonly work: Pick<JobWorkRepository, 'get'>;
  readonly contents: Pick<ContentStore, 'get' | 'stat'>;
}

/**
 * GET /jobs/:id/result: the engine's record of a job it worked, with the output inline when it
 * is small text or JSON. 200 in every engine state (`result` is null until it succeeded); 404 when
 * this service has no record of the job (not assigned to it, not discovered yet, or no engine).
 */
export class JobResultQuery {
  constructor(private readonly reads: JobResultReads | null) {}

  async result(id: bigint): Promise<JobResultBody> {
    return this.bodyOf(await this.require(id));
  }

  /** The body of a record read with `require` (after the caller's access to it was checked). */
  async bodyOf(work: JobWork): Promise<JobResultBody> {
    return {
      id: work.queueJobId.toString(),
      state: work.state,
      isFinished: isTerminalWorkState(work.state),
      attempts: work.attempts,
      reason: work.reason,
      settlement: work.settlement,
      settlementReason: work.settlementReason,
      followUpDone: work.followUpDone,
      discoveredAt: work.discoveredAt.toISOString(),
      finishedAt: work.finishedAt?.toISOString() ?? null,
      result:
        work.result === null || this.reads === null
          ? null
          : await resultBody(this.reads.contents, work.result),
    };
  }

  /** @throws AppError NOT_FOUND */
  async require(id: bigint): Promise<JobWork> {
    const work = this.reads === null ? null : await this.reads.work.get(id);
    if (work === null) {
      throw new AppError(
        'NOT_FOUND',
        this.reads === null
          ? 'this instance does not run the job engine, so it holds no job results'
          : `job ${id} was not worked by this service (not assigned to it, or not discovered yet)`,
        { id: id.toString() },
      );
    }
    return work;
  }
}

async function resultBody(
  contents: JobResultReads['contents'],
  result: NonNullable<JobWork['result']>,
): Promise<NonNullable<JobResultBody['result']>> {
  const digest = result.outputDigest as ContentDigest;
  const stat = await contents.stat(digest);
  const size = stat?.size ?? null;
  const stored = shouldInline(result.outputMediaType, size) ? await contents.get(digest) : null;
  return {
    inputDigest: result.inputDigest,
    modelDigest: result.modelDigest,
    outputDigest: result.outputDigest,
    outputMediaType: result.outputMediaType,
    executorVersion: result.executorVersion,
    summary: { ...result.summary },
    artifacts: { ...result.artifacts },
    durationMs: result.durationMs,
    output: toOutputBody(result.outputDigest, result.outputMediaType, size, stored?.bytes ?? null),
  };
}
