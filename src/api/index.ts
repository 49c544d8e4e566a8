export { API_DEFAULTS, apiConfigFrom, type ApiConfig, type ApiDependencies } from './api-options';
export { createApiApp, startApiServer, type ApiServer } from './api-server';
export { API_VERSION, buildOpenApiDocument } from './openapi';
