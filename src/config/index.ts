export type { AppConfig } from './app-config';
export { ENV_SCHEMA, type Env } from './config.schema';
export { ConfigError, loadConfig } from './load-config';
export {
  JWT_SECRET_COMMAND,
  MIN_JWT_SECRET_LENGTH,
  weakJwtSecretMessage,
  weakJwtSecretReason,
} from './jwt-secret-strength';
