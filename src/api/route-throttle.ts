import { Injectable, type ExecutionContext } from '@nestjs/common';
import {
  DEFAULT_IPV6_SUBNET_PREFIX,
  normalizeIp,
  ThrottlerGuard,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** API_RATE_LIMIT counts requests in fixed windows of this length, per client IP and route. */
export const RATE_LIMIT_WINDOW_MS = 60_000;
/** What a 429 says, whoever answers it. */
export const RATE_LIMITED_MESSAGE = 'too many requests; slow down';

/** Requests RouteThrottle has already counted; the Nest guard must not count them again. */
const counted = new WeakSet<FastifyRequest>();

/**
 * API_RATE_LIMIT applied in a Fastify hook, for the routes that answer before Nest's pipeline runs
 * (the bearer-token check before the body is read): the same store, window and limit as the
 * ThrottlerGuard, keyed by method, route and client IP, so a refused token counts like any request.
 */
export class RouteThrottle {
  constructor(
    private readonly storage: ThrottlerStorage,
    private readonly limit: number,
  ) {}

  /**
   * Counts `request` against its route's window and sets the X-RateLimit-* headers; false (with
   * Retry-After set) when the client is over the limit.
   */
  async admit(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    counted.add(request);
    // a GET route's HEAD is the same handler: one window for both, as the ThrottlerGuard keeps
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const route = `${method} ${request.routeOptions.url ?? request.url}`;
    const client = normalizeIp(request.ip, DEFAULT_IPV6_SUBNET_PREFIX);
    const record = await this.storage.increment(
      `route:${route}:${client}`,
      RATE_LIMIT_WINDOW_MS,
      this.limit,
      RATE_LIMIT_WINDOW_MS,
      'default',
    );
    if (record.isBlocked) {
      void reply.header('Retry-After', record.timeToBlockExpire);
      return false;
    }
    void reply
      .header('X-RateLimit-Limit', this.limit)
      .header('X-RateLimit-Remaining', Math.max(0, this.limit - record.totalHits))
      .header('X-RateLimit-Reset', record.timeToExpire);
    return true;
  }
}

/** The ThrottlerGuard, minus the requests a RouteThrottle has already counted. */
@Injectable()
export class RouteAwareThrottlerGuard extends ThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(counted.has(context.switchToHttp().getRequest<FastifyRequest>()));
  }

  /**
   * The library's key, unhashed: it sha256-hashes controller, handler, throttler and client IP on
   * every request (a visible share of a GET /jobs/:id in a CPU profile), for a key that only
   * ever lives in this process's in-memory window store.
   */
  protected override generateKey(context: ExecutionContext, tracker: string, name: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${name}-${tracker}`;
  }
}
