import type { SecretScanner } from './secret-scan';

/** An answer with status 5xx, kept for the report. */
export interface ServerErrorAnswer {
  readonly at: string;
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly body: string;
}

export interface HttpTally {
  requests: number;
  /** no answer: connection refused or reset (the instance was down) */
  unanswered: number;
  byStatus: Record<string, number>;
  /** 5xx answers other than the documented 503s below */
  serverErrors: ServerErrorAnswer[];
  /** /ready answering 503 (by design while not ready or draining) */
  notReady: number;
  /** 503 STORAGE_UNAVAILABLE with Retry-After: the database away (a restart, a full disk) */
  storageUnavailable: number;
  /** 503 UNAVAILABLE: a route that must read the chain could not (README: the error codes) */
  chainUnavailable: number;
  /** Fastify's own 503 with `Connection: close` to a request arriving while the server closes */
  closing: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Every request the harness makes to the service goes through here: statuses are tallied, 5xx
 * answers kept, and every body is scanned for the configured secrets.
 */
export class ServiceHttp {
  readonly tally: HttpTally = {
    requests: 0,
    unanswered: 0,
    byStatus: {},
    serverErrors: [],
    notReady: 0,
    storageUnavailable: 0,
    chainUnavailable: 0,
    closing: 0,
  };

  constructor(private readonly secrets: SecretScanner) {}

  /** null when nothing answered (the instance is down). */
  async request(
    baseUrl: string,
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: Uint8Array | string } = {},
  ): Promise<HttpAnswer | null> {
    this.tally.requests++;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: init.headers,
        body: init.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      text = await response.text();
    } catch {
      this.tally.unanswered++;
      return null;
    }
    const route = routeOf(path);
    this.tally.byStatus[response.status] = (this.tally.byStatus[response.status] ?? 0) + 1;
    this.secrets.scanText(`response ${method} ${route}`, text);
    this.secrets.scanText(
      `response headers ${method} ${route}`,
      JSON.stringify([...response.headers]),
    );
    if (response.status === 503 && route === '/ready') {
      this.tally.notReady++;
    } else if (isStorageUnavailable(response, text)) {
      this.tally.storageUnavailable++;
    } else if (response.status === 503 && errorCodeOf(text) === 'UNAVAILABLE') {
      this.tally.chainUnavailable++;
    } else if (isClosing(response, text)) {
      this.tally.closing++;
    } else if (response.status >= 500) {
      this.tally.serverErrors.push({
        at: new Date().toISOString(),
        method,
        route,
        status: response.status,
        body: text.slice(0, 500),
      });
    }
    return {
      status: response.status,
      text,
      json: <T>() => JSON.parse(text) as T,
    };
  }

  get(baseUrl: string, path: string, headers?: Record<string, string>) {
    return this.request(baseUrl, 'GET', path, { headers });
  }
}

/** `/jobs/17/result?x=1` → `/jobs/:id/result`: 5xx answers are reported per route. */
export function routeOf(path: string): string {
  return path
    .split('?')[0]!
    .replace(/\/\d+(?=\/|$)/g, '/:id')
    .replace(/\/(sha256:)?[0-9a-f]{64}(?=\/|$)/g, '/:digest');
}

/** The documented answer while the database is away: 503 STORAGE_UNAVAILABLE with Retry-After. */
export function isStorageUnavailable(
  response: { readonly status: number; readonly headers: Headers },
  text: string,
): boolean {
  return (
    response.status === 503 &&
    response.headers.get('retry-after') !== null &&
    errorCodeOf(text) === 'STORAGE_UNAVAILABLE'
  );
}

/** Fastify's answer to a request that arrives while the server closes (a graceful stop). */
export function isClosing(
  response: { readonly status: number; readonly headers: Headers },
  text: string,
): boolean {
  return (
    response.status === 503 &&
    response.headers.get('connection') === 'close' &&
    text === FASTIFY_CLOSING_BODY
  );
}

const FASTIFY_CLOSING_BODY =
  '{"error":"Service Unavailable","message":"Service Unavailable","statusCode":503}';

/** The `error.code` of the service's error shape; null for any other body. */
export function errorCodeOf(text: string): string | null {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}
