import { createHmac } from 'node:crypto';
import { ApiTokenVerifier } from '../src/api/auth';
import { Secret } from '../src/shared/secret';
import { main } from './main';
import { parseScopes, parseTtl, runToken } from './token-command';

const SECRET = 'u8RRf9Mn49mm_y12p7fJcUfhtR1Md3l4cC5yPPE8lqA';
const NOW = new Date('2026-05-01T12:00:00Z');

function mint(env: NodeJS.ProcessEnv, ttl = 3600): string {
  let out = '';
  runToken(
    { scopes: ['jobs:operate', 'content:write'], ttl, sub: 'alice' },
    env,
    (t) => (out += t),
    NOW,
  );
  return out;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

describe('polkamesh token', () => {
  it('prints one HS256 JWT with sub, scopes, iss, aud, iat = now and exp = now + ttl', () => {
    const out = mint({ JWT_SECRET: SECRET }, 7200);
    expect(out.endsWith('\n')).toBe(true);
    const token = out.trim();
    const [header, payload, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({
      alg: 'HS256',
    });
    const expected = createHmac('sha256', SECRET)
      .update(`${header}.${payload}`)
      .digest('base64url');
    expect(signature).toBe(expected);
    expect(claimsOf(token)).toEqual({
      sub: 'alice',
      scopes: ['jobs:operate', 'content:write'],
      iss: 'polkamesh-backend',
      aud: 'polkamesh-api',
      iat: NOW.getTime() / 1000,
      exp: NOW.getTime() / 1000 + 7200,
    });
  });

  it('mints what the API verifier accepts until it expires', () => {
    const token = mint({ JWT_SECRET: SECRET }, 60).trim();
    const at = (ms: number) => new ApiTokenVerifier(new Secret(SECRET), () => new Date(ms));
    expect(at(NOW.getTime() + 59_000).verify(token)).toEqual({
      sub: 'alice',
      scopes: ['jobs:operate', 'content:write'],
    });
    expect(() => at(NOW.getTime() + 61_000).verify(token)).toThrow('token expired');
    const other = new ApiTokenVerifier(new Secret(`${SECRET}-other`), () => NOW);
    expect(() => other.verify(token)).toThrow('invalid token');
  });

  it('refuses to run without JWT_SECRET or with one the service refuses', () => {
    expect(() => mint({})).toThrow(/set JWT_SECRET.*generate one with: node -e/);
    expect(() => mint({ JWT_SECRET: '' })).toThrow(/set JWT_SECRET/);
    expect(() => mint({ JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
    expect(() => mint({ JWT_SECRET: 'at-least-32-characters-of-random-secret' })).toThrow(
      /placeholder; generate one with/,
    );
    expect(() => mint({ JWT_SECRET: 'a'.repeat(32) })).toThrow(/repeated pattern/);
    expect(() => mint({ JWT_SECRET: ' '.repeat(32) })).toThrow(/blank/);
  });

  it.each([
    ['30s', 30],
    ['15m', 900],
    ['1h', 3600],
    ['7d', 604_800],
    ['45', 45],
  ])('reads the ttl %s as %i seconds', (raw, seconds) => {
    expect(parseTtl(raw)).toBe(seconds);
  });

  it.each(['0', '-1h', '1w', '367d', '3650d', 'h', ''])('rejects the ttl %j', (raw) => {
    expect(() => parseTtl(raw)).toThrow(/ttl must be like/);
  });

  it('accepts known scopes only', () => {
    expect(parseScopes('jobs:operate, provider:write,jobs:operate')).toEqual([
      'jobs:operate',
      'provider:write',
    ]);
    expect(() => parseScopes('jobs:operate,admin')).toThrow(/comma-separated list/);
    expect(() => parseScopes(',')).toThrow(/comma-separated list/);
  });

  it('exits with the usage status for an unknown scope', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['node', 'polkamesh', 'token', '--scopes', 'root'])).toBe(2);
      expect(stderr.mock.calls.join('')).toMatch(/scopes must be/);
    } finally {
      stderr.mockRestore();
    }
  });
});
