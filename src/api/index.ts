export { API_DEFAULTS, apiConfigFrom, type ApiConfig, type ApiDependencies } from './api-options';
export { closeApp, createApiApp, startApiServer, type ApiServer } from './api-server';
export { API_VERSION, buildOpenApiDocument } from './openapi';
export { API_SCOPES, isApiScope, type ApiScope } from './auth/api-scopes';
export { MAX_API_TOKEN_TTL_SECONDS, mintApiToken } from './auth/api-tokens';
export { ownerReadMessageFor } from './auth/owner-read-message';
export {
  formatOwnerSignatureHeader,
  OWNER_SIGNATURE_HEADER,
  type OwnerSignatureParts,
} from './auth/owner-signature-header';
