import { JwtService } from '@nestjs/jwt';
import { z } from 'zod';
import { AppError } from '../../shared';
import type { Secret } from '../../shared/secret';

/** Who called, as a verified token says. */
export interface ApiPrincipal {
  /** The token's subject (an operator or client name). */
  readonly sub: string;
  readonly scopes: readonly string[];
}

const ALGORITHM = 'HS256';
const MAX_TTL_SECONDS = 366 * 24 * 3600;

const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  scopes: z.array(z.string().max(64)).max(32),
  exp: z.number().int().positive(),
});

/** Signs API tokens (HS256, JWT_SECRET): `sub`, `scopes` and `exp` are always set. */
export function mintApiToken(
  secret: Secret,
  claims: { sub: string; scopes: readonly string[]; ttlSeconds: number },
  now: Date = new Date(),
): string {
  if (!Number.isInteger(claims.ttlSeconds) || claims.ttlSeconds <= 0) {
    throw new Error('ttl must be a positive whole number of seconds');
  }
  if (claims.ttlSeconds > MAX_TTL_SECONDS) {
    throw new Error('ttl must be at most 366 days');
  }
  const payload = claimsSchema.parse({
    sub: claims.sub,
    scopes: [...claims.scopes],
    exp: Math.floor(now.getTime() / 1000) + claims.ttlSeconds,
  });
  return new JwtService().sign(
    { ...payload, iat: Math.floor(now.getTime() / 1000) },
    { secret: secret.reveal(), algorithm: ALGORITHM },
  );
}

/**
 * Verifies bearer tokens: HS256 signed with JWT_SECRET, not expired, with `sub`, `scopes` and
 * `exp`. Every failure is an UNAUTHORIZED AppError whose message says why, never the token.
 */
export class ApiTokenVerifier {
  private readonly jwt = new JwtService();

  constructor(
    private readonly secret: Secret,
    private readonly now: () => Date = () => new Date(),
  ) {}

  verify(token: string): ApiPrincipal {
    let decoded: unknown;
    try {
      decoded = this.jwt.verify(token, {
        secret: this.secret.reveal(),
        algorithms: [ALGORITHM],
        clockTimestamp: Math.floor(this.now().getTime() / 1000),
      });
    } catch (err) {
      const expired = err instanceof Error && err.name === 'TokenExpiredError';
      throw new AppError('UNAUTHORIZED', expired ? 'token expired' : 'invalid token');
    }
    const claims = claimsSchema.safeParse(decoded);
    if (!claims.success) {
      throw new AppError('UNAUTHORIZED', 'token lacks sub, scopes or exp');
    }
    return { sub: claims.data.sub, scopes: claims.data.scopes };
  }
}
