import type { Server } from 'node:http';
import { type Logger, occasionally } from '../shared';

/** How long a client may take and how many connections it may hold (HTTP_* variables). */
export interface HttpConnectionLimits {
  /** The request line and headers must arrive within this (HTTP_HEADERS_TIMEOUT_MS). */
  readonly headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this; else 408 (HTTP_REQUEST_TIMEOUT_MS). */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (HTTP_KEEP_ALIVE_TIMEOUT_MS). */
  readonly keepAliveTimeoutMs: number;
  /** Connections beyond this many open ones are closed at once (HTTP_MAX_CONNECTIONS). */
  readonly maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: HttpConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 72_000,
  maxConnections: 1024,
};

/** At most one log line of a kind per this period; the ones left out are counted in the next. */
const WARN_EVERY_MS = 10_000;

/**
 * The Fastify options that enforce the timeouts. Node checks them on a timer
 * (connectionsCheckingInterval, 30 s by default); it runs at a quarter of the shorter timeout so
 * that a slow client is cut off close to its deadline.
 */
export function serverTimeoutOptions(limits: HttpConnectionLimits) {
  // Node refuses a headers timeout longer than the request timeout
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(headersTimeout / 4))),
    },
  };
}

/**
 * Caps the server's connections and keeps its errors from killing the process: a failed accept
 * (EMFILE, ENFILE: out of file descriptors) and a connection dropped at the cap are logged,
 * at most once per 10 s each, and the server goes on serving. Without an 'error' listener, Node
 * throws a server's accept error as an uncaught exception.
 */
export function guardConnections(
  server: Server,
  maxConnections: number,
  log: Logger,
  now: () => number = Date.now,
): void {
  server.maxConnections = maxConnections;
  const acceptFailed = occasionally(WARN_EVERY_MS, now);
  server.on('error', (err: NodeJS.ErrnoException) => {
    acceptFailed((skipped) =>
      log.error('http server error; still serving', {
        skipped,
        code: err.code,
        syscall: err.syscall,
        message: err.message,
        hint: 'EMFILE/ENFILE: out of file descriptors; lower HTTP_MAX_CONNECTIONS or raise the open-file limit',
      }),
    );
  });
  const dropped = occasionally(WARN_EVERY_MS, now);
  server.on('drop', () => {
    dropped((skipped) =>
      log.warn('connection refused: HTTP_MAX_CONNECTIONS open', { maxConnections, skipped }),
    );
  });
}
