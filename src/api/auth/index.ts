export * from './api-scopes';
export * from './api-tokens';
