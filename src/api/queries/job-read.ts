import type { PrivateJobAccess, PrivateReadCredentials } from '../auth/private-job-access';
import { withholdJobRefs } from '../bodies/private-job-fields';
import type { JobBody } from '../dto/jobs.dto';
import type { JobsQuery } from './jobs-query';

/**
 * GET /jobs/:id's body: the job with its escrow record, its references withheld from a caller who
 * may not read a private job's (ADR 0013). One implementation for the route's Nest handler and
 * its direct Fastify handler (ADR 0022).
 * @throws AppError NOT_FOUND, or UNAUTHORIZED / FORBIDDEN for credentials that do not hold
 */
export async function readJob(
  jobs: Pick<JobsQuery, 'get'>,
  access: Pick<PrivateJobAccess, 'decide'>,
  id: bigint,
  credentials: PrivateReadCredentials,
): Promise<JobBody> {
  const body = await jobs.get(id);
  const facts = { id, owner: body.owner, privacyRequired: body.privacyRequired };
  const decision = await access.decide(facts, credentials);
  return decision === 'show' ? body : withholdJobRefs(body);
}
