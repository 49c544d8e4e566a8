import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../../shared';
import { sendAppError } from '../error.filter';
import { RATE_LIMITED_MESSAGE, type RouteThrottle } from '../route-throttle';
import type { ApiScope } from './api-scopes';
import type { ApiTokenVerifier } from './api-tokens';
import { authorize, REQUIRED_SCOPES_CONFIG } from './require-scopes';

/**
 * Every route with RequireScopes checks the rate limit and then the bearer token in an onRequest
 * hook, before its body is read: a caller without a token for the route cannot make the server
 * buffer (or wait for) a body, and a refused token counts against API_RATE_LIMIT like any request.
 * A refusal closes the connection when a body was announced, instead of reading it to its end.
 * Call before the routes are registered (app.init()).
 */
export function guardBeforeBody(
  fastify: FastifyInstance,
  verifier: ApiTokenVerifier | null,
  throttle: RouteThrottle,
): void {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const scopes = requiredScopesOf(route);
    if (scopes === null) {
      return;
    }
    const check = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!(await throttle.admit(request, reply))) {
        refuse(request, reply, new AppError('RATE_LIMITED', RATE_LIMITED_MESSAGE));
        return reply;
      }
      try {
        authorize(verifier, request.headers.authorization, scopes);
      } catch (err) {
        if (!(err instanceof AppError)) {
          throw err;
        }
        refuse(request, reply, err);
        return reply;
      }
      return undefined;
    };
    route.onRequest = [
      check,
      ...(route.onRequest === undefined ? [] : [route.onRequest].flat()),
    ] as RouteOptions['onRequest'];
  });
}

function requiredScopesOf(route: RouteOptions): readonly ApiScope[] | null {
  const config = route.config as Record<string, unknown> | undefined;
  const scopes = config?.[REQUIRED_SCOPES_CONFIG];
  return Array.isArray(scopes) ? (scopes as ApiScope[]) : null;
}

function refuse(request: FastifyRequest, reply: FastifyReply, error: AppError): void {
  if (announcesBody(request)) {
    void reply.header('connection', 'close');
  }
  sendAppError(reply, error);
}

function announcesBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
}
