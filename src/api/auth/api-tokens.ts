import { JwtService } from '@nestjs/jwt';
import { z } from 'zod';
import { AppError, type Secret } from '../../shared';

/** Who called, as a verified token says. */
export interface ApiPrincipal {
  /** The token's subject (an operator or client name). */
  readonly sub: string;
  readonly scopes: readonly string[];
}

const ALGORITHM = 'HS256';
/** The longest lifetime (exp − iat) a token may have; `polkamesh token --ttl` allows the same. */
export const MAX_API_TOKEN_TTL_SECONDS = 366 * 24 * 3600;
/** `iss` of every API token: who minted it. */
export const API_TOKEN_ISSUER = 'polkamesh-backend';
/** `aud` of every API token: what it is for. */
export const API_TOKEN_AUDIENCE = 'polkamesh-api';
/** How far in the future `iat` may lie (clocks of the minting host and this one differ). */
const MAX_CLOCK_SKEW_SECONDS = 60;

const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  scopes: z.array(z.string().max(64)).max(32),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
});

/** Signs API tokens (HS256, JWT_SECRET): `sub`, `scopes`, `iss`, `aud`, `iat` and `exp`. */
export function mintApiToken(
  secret: Secret,
  claims: { sub: string; scopes: readonly string[]; ttlSeconds: number },
  now: Date = new Date(),
): string {
  if (!Number.isInteger(claims.ttlSeconds) || claims.ttlSeconds <= 0) {
    throw new Error('ttl must be a positive whole number of seconds');
  }
  if (claims.ttlSeconds > MAX_API_TOKEN_TTL_SECONDS) {
    throw new Error(`ttl must be at most ${MAX_API_TOKEN_TTL_SECONDS / 86_400} days`);
  }
  const iat = Math.floor(now.getTime() / 1000);
  const payload = claimsSchema.parse({
    sub: claims.sub,
    scopes: [...claims.scopes],
    iat,
    exp: iat + claims.ttlSeconds,
  });
  return new JwtService().sign(
    { ...payload, iss: API_TOKEN_ISSUER, aud: API_TOKEN_AUDIENCE },
    { secret: secret.reveal(), algorithm: ALGORITHM },
  );
}

/**
 * Verifies bearer tokens: HS256 signed with JWT_SECRET, issued by API_TOKEN_ISSUER for
 * API_TOKEN_AUDIENCE, not expired, with `sub`, `scopes`, `iat` and `exp`, and a lifetime
 * (exp − iat) of at most MAX_API_TOKEN_TTL_SECONDS. Every failure is an UNAUTHORIZED AppError
 * whose message says why, never the token.
 */
export class ApiTokenVerifier {
  private readonly jwt = new JwtService();

  constructor(
    private readonly secret: Secret,
    private readonly now: () => Date = () => new Date(),
  ) {}

  verify(token: string): ApiPrincipal {
    const now = Math.floor(this.now().getTime() / 1000);
    let decoded: unknown;
    try {
      decoded = this.jwt.verify(token, {
        secret: this.secret.reveal(),
        algorithms: [ALGORITHM],
        issuer: API_TOKEN_ISSUER,
        audience: API_TOKEN_AUDIENCE,
        clockTimestamp: now,
      });
    } catch (err) {
      throw new AppError('UNAUTHORIZED', rejection(err));
    }
    const claims = claimsSchema.safeParse(decoded);
    if (!claims.success) {
      throw new AppError('UNAUTHORIZED', 'token lacks sub, scopes, iat or exp');
    }
    const { iat, exp } = claims.data;
    if (exp - iat > MAX_API_TOKEN_TTL_SECONDS) {
      throw new AppError(
        'UNAUTHORIZED',
        `token lifetime exceeds ${MAX_API_TOKEN_TTL_SECONDS / 86_400} days`,
      );
    }
    if (iat > now + MAX_CLOCK_SKEW_SECONDS) {
      throw new AppError('UNAUTHORIZED', 'token issued in the future');
    }
    return { sub: claims.data.sub, scopes: claims.data.scopes };
  }
}

/** Why jsonwebtoken refused a token, in words that name no claim value. */
function rejection(err: unknown): string {
  if (!(err instanceof Error)) {
    return 'invalid token';
  }
  if (err.name === 'TokenExpiredError') {
    return 'token expired';
  }
  if (/^jwt (issuer|audience) invalid/.test(err.message)) {
    return `token is not for this API (expected iss ${API_TOKEN_ISSUER}, aud ${API_TOKEN_AUDIENCE})`;
  }
  return 'invalid token';
}
