import type { Provider } from '@nestjs/common';
import type { H160 } from '../../contracts';
import type { ApiDependencies } from '../api-options';
import type { ApiTokenVerifier } from './api-tokens';
import { OwnerProofVerifier, type OwnerProofContext } from './owner-proof-verifier';
import { PRIVATE_JOB_ACCESS, PrivateJobAccess } from './private-job-access';

/** DI token: the ServiceKeys, or null when this instance runs no job engine. */
export const API_SERVICE_KEYS = Symbol('ApiServiceKeys');

/** What owner read messages must name, and the key confidential payloads are sealed to. */
export interface ServiceKeys {
  readonly readContext: OwnerProofContext;
  readonly confidentialPublicKey: Uint8Array;
}

/** Who may read private jobs (owner signatures, operator tokens) and the service's public keys. */
export function privateJobProviders(
  deps: ApiDependencies,
  tokens: ApiTokenVerifier | null,
): Provider[] {
  const identity = deps.jobs?.identity ?? null;
  const keys: ServiceKeys | null =
    identity === null
      ? null
      : {
          readContext: {
            genesisHash: identity.genesisHash,
            queueContract: deps.contracts.aiJobQueue.toLowerCase() as H160,
            provider: identity.provider,
          },
          confidentialPublicKey: identity.confidentialPublicKey,
        };
  const now = () => deps.clock?.now() ?? new Date();
  const owners = keys === null ? null : new OwnerProofVerifier(keys.readContext, now);
  return [
    { provide: API_SERVICE_KEYS, useValue: keys },
    { provide: PRIVATE_JOB_ACCESS, useValue: new PrivateJobAccess(tokens, owners) },
  ];
}
