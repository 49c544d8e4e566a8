import type { Provider } from '@nestjs/common';
import type { ContentStore } from '../../content-store';
import type { JobOperator } from '../../jobs/engine';
import type { ProviderAdmin } from '../../providers';
import type { ApiDependencies } from '../api-options';
import type { ApiTokenVerifier } from './api-tokens';
import { API_TOKEN_VERIFIER } from './require-scopes';

/** DI tokens of the write side; each value may be null (that part of the service is off). */
export const API_CONTENTS = Symbol('ApiContents');
export const API_JOB_OPERATOR = Symbol('ApiJobOperator');
export const API_PROVIDER_ADMIN = Symbol('ApiProviderAdmin');

/** The token verifier (null without JWT_SECRET) and the ports the mutating routes call. */
export function writeApiProviders(
  deps: ApiDependencies,
  tokens: ApiTokenVerifier | null,
): Provider[] {
  return [
    { provide: API_TOKEN_VERIFIER, useValue: tokens },
    {
      provide: API_CONTENTS,
      useValue: deps.jobs?.contents ?? (null satisfies ContentStore | null),
    },
    {
      provide: API_JOB_OPERATOR,
      useValue: deps.jobs?.operator ?? (null satisfies JobOperator | null),
    },
    {
      provide: API_PROVIDER_ADMIN,
      useValue: deps.jobs?.provider ?? (null satisfies ProviderAdmin | null),
    },
  ];
}
