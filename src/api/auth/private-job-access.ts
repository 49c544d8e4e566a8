import { AppError } from '../../shared';
import type { ApiScope } from './api-scopes';
import type { ApiTokenVerifier } from './api-tokens';
import type { OwnerProofVerifier } from './owner-proof-verifier';
import { OWNER_SIGNATURE_HEADER } from './owner-signature-header';
import { authorize } from './require-scopes';

/** DI token: the PrivateJobAccess of the API. */
export const PRIVATE_JOB_ACCESS = Symbol('PrivateJobAccess');

/** The scope of operators' tokens that read every private job. */
export const READ_PRIVATE_SCOPE: ApiScope = 'jobs:read-private';

/** What a request presents to read a private job (raw header values; absent when not sent). */
export interface PrivateReadCredentials {
  readonly authorization?: string | undefined;
  readonly ownerSignature?: string | undefined;
}

/** A private job's identity as the access rule needs it. */
export interface PrivateJobFacts {
  readonly id: bigint;
  /** H160 of the ai_job_queue owner */
  readonly owner: string;
  readonly privacyRequired: boolean;
}

/** `show`: the caller may read the private fields; `withhold`: no credentials were presented. */
export type PrivateReadDecision = 'show' | 'withhold';

/**
 * Who may read a private job's references, result and engine details (ADR 0013): its owner, by a
 * signature of the owner read message (`X-PolkaMesh-Owner-Signature`), or an operator, by a bearer
 * token with `jobs:read-private`. Public jobs are shown to everyone. Credentials that are presented
 * but fail are an error (401, or 403 for a valid signature by someone else, or a token without the
 * scope), never a silent fallback, so a client learns why.
 */
export class PrivateJobAccess {
  constructor(
    private readonly tokens: ApiTokenVerifier | null,
    /** null: this instance runs no job engine, so it has no provider key to bind messages to. */
    private readonly owners: OwnerProofVerifier | null,
  ) {}

  /** @throws AppError UNAUTHORIZED or FORBIDDEN for credentials that do not hold */
  async decide(
    job: PrivateJobFacts,
    credentials: PrivateReadCredentials,
  ): Promise<PrivateReadDecision> {
    if (!job.privacyRequired) {
      return 'show';
    }
    if (credentials.ownerSignature !== undefined) {
      await this.requireOwner(job, credentials.ownerSignature);
      return 'show';
    }
    return this.decideByToken(credentials);
  }

  /** For listings: only an operator token shows every private job. */
  async decideForListing(credentials: PrivateReadCredentials): Promise<PrivateReadDecision> {
    return Promise.resolve(this.decideByToken(credentials));
  }

  /** @throws AppError UNAUTHORIZED: no credentials (or bad ones), FORBIDDEN: not the owner / no scope */
  async require(job: PrivateJobFacts, credentials: PrivateReadCredentials): Promise<void> {
    if ((await this.decide(job, credentials)) === 'withhold') {
      throw new AppError(
        'UNAUTHORIZED',
        `job ${job.id} is private: only its owner (a signature in ${OWNER_SIGNATURE_HEADER}, see GET /jobs/${job.id}/access-challenge) or a token with ${READ_PRIVATE_SCOPE} may read it`,
        { id: job.id.toString(), reason: 'owner-proof-required' },
      );
    }
  }

  private decideByToken(credentials: PrivateReadCredentials): PrivateReadDecision {
    if (credentials.authorization === undefined) {
      return 'withhold';
    }
    if (this.tokens === null) {
      throw new AppError('UNAUTHORIZED', 'tokens are disabled: this service has no JWT_SECRET', {
        reason: 'tokens-disabled',
      });
    }
    authorize(this.tokens, credentials.authorization, [READ_PRIVATE_SCOPE]);
    return 'show';
  }

  private async requireOwner(job: PrivateJobFacts, header: string): Promise<void> {
    if (this.owners === null) {
      throw new AppError(
        'UNAUTHORIZED',
        `this instance runs no job engine, so it accepts no owner signatures; use a token with ${READ_PRIVATE_SCOPE}`,
        { id: job.id.toString(), reason: 'owner-proofs-disabled' },
      );
    }
    const result = await this.owners.verify(header, job);
    if (!result.ok) {
      throw new AppError(
        result.reason === 'not-owner' ? 'FORBIDDEN' : 'UNAUTHORIZED',
        `${OWNER_SIGNATURE_HEADER} refused: ${result.message}`,
        { id: job.id.toString(), reason: result.reason },
      );
    }
  }
}
