import {
  applyDecorators,
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared';
import { ApiErrorResponses } from '../api-error-responses';
import type { ApiScope } from './api-scopes';
import type { ApiPrincipal, ApiTokenVerifier } from './api-tokens';

/** DI token: the ApiTokenVerifier, or null when JWT_SECRET is not set (writes disabled). */
export const API_TOKEN_VERIFIER = Symbol('ApiTokenVerifier');
/** Name of the bearer scheme in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';

const SCOPES_KEY = 'polkamesh:required-scopes';
/** The Fastify route config key under which RequireScopes records a route's scopes (guardBeforeBody). */
export const REQUIRED_SCOPES_CONFIG = 'requiredScopes';

type AuthenticatedRequest = FastifyRequest & { apiPrincipal?: ApiPrincipal };

/**
 * Requires a bearer token carrying every one of `scopes` (401 without a valid token, 403 without
 * the scope). Checked twice: by guardBeforeBody before the body is read (the route's Fastify
 * config carries the scopes, hence a method decorator only) and by ScopeGuard, which hands the
 * verified caller to @Principal().
 */
export function RequireScopes(...scopes: ApiScope[]): MethodDecorator {
  return applyDecorators(
    RouteConfig({ [REQUIRED_SCOPES_CONFIG]: scopes }),
    SetMetadata(SCOPES_KEY, scopes),
    UseGuards(ScopeGuard),
    ApiBearerAuth(BEARER_SCHEME),
    ApiErrorResponses(401, 403),
  );
}

/** The verified caller of a route guarded by RequireScopes. */
export const Principal = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().apiPrincipal;
  if (principal === undefined) {
    throw new Error('Principal used on a route without RequireScopes');
  }
  return principal;
});

@Injectable()
export class ScopeGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(API_TOKEN_VERIFIER) private readonly verifier: ApiTokenVerifier | null,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const required =
      this.reflector.getAllAndOverride<ApiScope[] | undefined>(SCOPES_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.apiPrincipal = authorize(this.verifier, request.headers.authorization, required);
    return true;
  }
}

/**
 * The caller behind `authorization` when it holds every `required` scope; else an AppError
 * (UNAUTHORIZED: writes disabled, no or bad token; FORBIDDEN: a scope is missing).
 */
export function authorize(
  verifier: ApiTokenVerifier | null,
  authorization: string | undefined,
  required: readonly ApiScope[],
): ApiPrincipal {
  if (verifier === null) {
    throw new AppError('UNAUTHORIZED', 'writes are disabled: this service has no JWT_SECRET');
  }
  const principal = verifier.verify(bearerToken(authorization));
  const missing = required.filter((scope) => !principal.scopes.includes(scope));
  if (missing.length > 0) {
    throw new AppError('FORBIDDEN', `the token lacks the scope ${missing.join(', ')}`, {
      required,
    });
  }
  return principal;
}

function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (match?.[1] === undefined) {
    throw new AppError(
      'UNAUTHORIZED',
      header === undefined
        ? 'a bearer token is required'
        : 'expected Authorization: Bearer <token>',
    );
  }
  return match[1];
}
