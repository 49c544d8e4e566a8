export type { AppConfig } from './app-config';
export { ENV_SCHEMA, type Env } from './config.schema';
export { ConfigError, loadConfig } from './load-config';
export { Secret } from '../shared/secret';
