import { InvalidArgumentError, type Command } from 'commander';
import {
  API_SCOPES,
  isApiScope,
  MAX_API_TOKEN_TTL_SECONDS,
  mintApiToken,
  type ApiScope,
} from '../src/api';
import { JWT_SECRET_COMMAND, weakJwtSecretMessage, weakJwtSecretReason } from '../src/config';
import { Secret } from '../src/shared';

export interface TokenCliOptions {
  readonly scopes: readonly ApiScope[];
  /** Seconds. */
  readonly ttl: number;
  readonly sub: string;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };
const MAX_TTL_DAYS = MAX_API_TOKEN_TTL_SECONDS / 86_400;

/** `30s`, `15m`, `1h`, `7d` (or bare seconds) → seconds, at most MAX_API_TOKEN_TTL_SECONDS. */
export function parseTtl(raw: string): number {
  const match = /^(\d{1,9})([smhd]?)$/.exec(raw.trim());
  const seconds = match === null ? Number.NaN : Number(match[1]) * UNIT_SECONDS[match[2] || 's']!;
  if (!Number.isSafeInteger(seconds) || seconds <= 0 || seconds > MAX_API_TOKEN_TTL_SECONDS) {
    throw new InvalidArgumentError(
      `ttl must be like 30s, 15m, 1h or 7d (at most ${MAX_TTL_DAYS}d), got ${JSON.stringify(raw)}.`,
    );
  }
  return seconds;
}

/** A comma-separated list of known scopes, at least one. */
export function parseScopes(raw: string): ApiScope[] {
  const scopes = [...new Set(raw.split(',').map((s) => s.trim()))].filter((s) => s !== '');
  const unknown = scopes.filter((s) => !isApiScope(s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(
      `scopes must be a comma-separated list of ${API_SCOPES.join(', ')}; got ${JSON.stringify(raw)}.`,
    );
  }
  return scopes as ApiScope[];
}

/** The token's subject: 1 to 128 characters, not blank. */
export function parseSub(raw: string): string {
  const sub = raw.trim();
  if (sub === '' || sub.length > 128) {
    throw new InvalidArgumentError('sub must be 1 to 128 characters.');
  }
  return sub;
}

/**
 * Mints an API token signed with JWT_SECRET from `env` and writes it (one line, nothing else, so
 * it can be captured: `TOKEN=$(polkamesh token …)`). Throws when JWT_SECRET is missing or one the
 * service would refuse (weakJwtSecretReason).
 */
export function runToken(
  options: TokenCliOptions,
  env: NodeJS.ProcessEnv,
  write: (text: string) => void,
  now: Date = new Date(),
): void {
  const raw = env['JWT_SECRET'];
  if (raw === undefined || raw === '') {
    throw new Error(
      `set JWT_SECRET (the secret the service verifies tokens with); generate one with: ${JWT_SECRET_COMMAND}`,
    );
  }
  const weak = weakJwtSecretReason(raw);
  if (weak !== null) {
    throw new Error(`JWT_SECRET ${weakJwtSecretMessage(weak)}`);
  }
  const secret = new Secret(raw);
  const token = mintApiToken(
    secret,
    { sub: options.sub, scopes: options.scopes, ttlSeconds: options.ttl },
    now,
  );
  write(`${token}\n`);
}

/** `polkamesh token --scopes a,b --ttl 1h --sub name`: a bearer token for the mutating routes. */
export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('mint an API bearer token signed with JWT_SECRET (printed on stdout)')
    .requiredOption('--scopes <list>', `comma-separated: ${API_SCOPES.join(', ')}`, parseScopes)
    .option('--ttl <duration>', 'lifetime: 30s, 15m, 1h, 7d', parseTtl, 3600)
    .option(
      '--sub <name>',
      'who the token is for (shown in operator actions)',
      parseSub,
      'operator',
    )
    .action((options: TokenCliOptions) => {
      runToken(options, process.env, (text) => process.stdout.write(text));
    });
}
