/** What a bearer token may do; each mutating route requires one (see RequireScopes). */
export const API_SCOPES = [
  /** Upload inputs and models to the content store. */
  'content:write',
  /** Read blobs back from the content store (they may be users' private inputs). */
  'content:read',
  /** Operator actions on jobs: retry, cancel. */
  'jobs:operate',
  /** Change this service's provider profile. */
  'provider:write',
  /** Read private jobs' references, results and engine details (operators; owners sign instead). */
  'jobs:read-private',
] as const;

export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(text: string): text is ApiScope {
  return (API_SCOPES as readonly string[]).includes(text);
}
