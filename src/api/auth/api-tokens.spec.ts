import { createHmac } from 'node:crypto';
import { Secret } from '../../shared/secret';
import {
  API_TOKEN_AUDIENCE,
  API_TOKEN_ISSUER,
  ApiTokenVerifier,
  MAX_API_TOKEN_TTL_SECONDS,
  mintApiToken,
} from './api-tokens';

const SECRET = new Secret('Vn2IUUAHNN9MB2ZVEQp_GlSxmYPwtThyUI5qSsB61t4');
const NOW = new Date('2026-05-01T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const DAY = 86_400;

/** An HS256 token signed with the right secret whose claims are exactly `claims`. */
function signed(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  const signature = createHmac('sha256', SECRET.reveal()).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

const GOOD = {
  sub: 'ops',
  scopes: ['content:write'],
  iss: API_TOKEN_ISSUER,
  aud: API_TOKEN_AUDIENCE,
  iat: NOW_S,
  exp: NOW_S + 3600,
};

describe('API tokens', () => {
  const verifier = new ApiTokenVerifier(SECRET, () => NOW);

  it('mints iss, aud, iat and exp, and the verifier accepts them', () => {
    const token = mintApiToken(
      SECRET,
      { sub: 'ops', scopes: ['jobs:operate'], ttlSeconds: 60 },
      NOW,
    );
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims).toEqual({
      sub: 'ops',
      scopes: ['jobs:operate'],
      iss: 'polkamesh-backend',
      aud: 'polkamesh-api',
      iat: NOW_S,
      exp: NOW_S + 60,
    });
    expect(verifier.verify(token)).toEqual({ sub: 'ops', scopes: ['jobs:operate'] });
    expect(verifier.verify(signed(GOOD))).toEqual({ sub: 'ops', scopes: ['content:write'] });
  });

  it('accepts the longest lifetime the token command mints and refuses a longer one', () => {
    const longest = { ...GOOD, exp: NOW_S + MAX_API_TOKEN_TTL_SECONDS };
    expect(verifier.verify(signed(longest)).sub).toBe('ops');
    const tenYears = signed({ ...GOOD, exp: NOW_S + 3653 * DAY });
    expect(() => verifier.verify(tenYears)).toThrow('token lifetime exceeds 366 days');
    const oneSecondTooLong = signed({ ...GOOD, exp: NOW_S + MAX_API_TOKEN_TTL_SECONDS + 1 });
    expect(() => verifier.verify(oneSecondTooLong)).toThrow(/lifetime exceeds/);
  });

  it.each([
    ['iat', /lacks sub, scopes, iat or exp/],
    ['exp', /lacks sub, scopes, iat or exp/],
    ['iss', /not for this API/],
    ['aud', /not for this API/],
  ])('refuses a token without %s', (claim, message) => {
    const claims: Record<string, unknown> = { ...GOOD };
    delete claims[claim];
    expect(() => verifier.verify(signed(claims))).toThrow(message);
  });

  it.each([
    ['another issuer', { iss: 'someone-else' }],
    ['another audience', { aud: 'another-api' }],
    ['an audience list without ours', { aud: ['another-api'] }],
  ])('refuses a token from %s', (_what, override) => {
    expect(() => verifier.verify(signed({ ...GOOD, ...override }))).toThrow(/not for this API/);
  });

  it('refuses a token issued in the future (beyond clock skew) or without an iat number', () => {
    const tomorrow = signed({ ...GOOD, iat: NOW_S + DAY, exp: NOW_S + DAY + 60 });
    expect(() => verifier.verify(tomorrow)).toThrow('token issued in the future');
    expect(() => verifier.verify(signed({ ...GOOD, iat: 'yesterday' }))).toThrow(
      /lacks sub, scopes, iat or exp/,
    );
  });

  it('refuses to mint beyond the maximum lifetime', () => {
    expect(() =>
      mintApiToken(SECRET, { sub: 'x', scopes: [], ttlSeconds: MAX_API_TOKEN_TTL_SECONDS + 1 }),
    ).toThrow(/at most 366 days/);
  });
});
