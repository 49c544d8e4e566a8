import type { ApiConfig } from '../../src/api';

/** The API on a free loopback port, with a rate limit tests never reach and quiet logs. */
export const TEST_API_CONFIG: ApiConfig = {
  host: '127.0.0.1',
  port: 0,
  rateLimitPerMinute: 1_000_000,
  frontendOrigins: ['http://localhost:3001'],
  maxLagBlocks: 5,
  chainTimeoutMs: 2_000,
  logLevel: 'warn',
};
