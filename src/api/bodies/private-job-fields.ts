import type { JobBody, TimelineBody } from '../dto/jobs.dto';

/**
 * What the API says in place of a private job's field when the caller may not read it (ADR 0013):
 * the field keeps its type (the web frontend reads strings), and `areRefsWithheld` says so.
 */
export const WITHHELD = 'withheld';

/** A job body with its references withheld when the job is private. */
export function withholdJobRefs(body: JobBody): JobBody {
  return body.privacyRequired
    ? { ...body, modelRef: WITHHELD, dataRef: WITHHELD, areRefsWithheld: true }
    : body;
}

/** The references the web frontend's /api/jobs/:id shows: withheld for a private job (no auth there). */
export function publicRefs(job: {
  readonly privacyRequired: boolean;
  readonly modelRef: string;
  readonly dataRef: string;
}): { modelRef: string; dataRef: string } {
  return job.privacyRequired
    ? { modelRef: WITHHELD, dataRef: WITHHELD }
    : { modelRef: job.modelRef, dataRef: job.dataRef };
}

/**
 * A private job's timeline without the engine's stage details, which may quote its references
 * (the admitted model, a rejection reason). Chain stages carry only on-chain event fields.
 */
export function withholdEngineDetails(body: TimelineBody): TimelineBody {
  return {
    ...body,
    engine:
      body.engine?.map((stage) => ({
        ...stage,
        detail: stage.detail === null ? null : WITHHELD,
      })) ?? null,
  };
}
