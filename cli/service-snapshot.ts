/** What `polkamesh status` read from a running service, over HTTP. */
export interface ServiceSnapshot {
  url: string;
  /** GET /status (200) */
  status: StatusView;
  /** GET /health (200) */
  health: HealthView;
  /** GET /ready: 200 ready, 503 not ready, with the reasons */
  ready: ReadyView;
  /** GET /stats, when the service has it (404: null) */
  stats: Record<string, unknown> | null;
}

/** The fields of /status the summary shows (the service's full body is kept for --json). */
export interface StatusView {
  chain: { finalizedHead: { number: string; hash: string | null } | null };
  cursors: {
    best: { number: string; hash: string } | null;
    finalized: { number: string; hash: string; updatedAt: string } | null;
  };
  lagBlocks: number | null;
  database: { isReachable: boolean };
  endpoints: {
    endpoint: string;
    status: string;
    isActive: boolean;
    isTrusted: boolean;
    score: number;
    latencyMs: number | null;
  }[];
  events: { total: number; final: number; tentative: number } | null;
  quarantined: number | null;
}

/** GET /health in the original README's shape; `performance` is absent when the store is unreachable. */
export interface HealthView {
  status: string;
  uptime: number;
  performance?: {
    totalJobs: number;
    /** e.g. "95.8%"; absent before any job finished */
    successRate?: string;
    /** e.g. "2.3s"; absent before any job completed */
    avgProcessingTime?: string;
  };
}

export interface ReadyView {
  status: 'ready' | 'not_ready';
  reasons: { code: string; message: string }[];
  lagBlocks: number | null;
  maxLagBlocks: number;
}

export const STATUS_EXIT = { ready: 0, notReady: 1, unreachable: 2 } as const;

/** The service did not answer, or answered something that is not the PolkaMesh API. */
export class ServiceUnreachableError extends Error {
  override readonly name = 'ServiceUnreachableError';
}

export type FetchLike = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

/**
 * Reads /status, /health, /ready and (if present) /stats in parallel. Throws
 * ServiceUnreachableError when a request fails or a required route answers unexpectedly.
 */
export async function readServiceSnapshot(
  baseUrl: string,
  fetchImpl: FetchLike,
  timeoutMs: number,
): Promise<ServiceSnapshot> {
  const base = baseUrl.replace(/\/+$/, '');
  const get = async (path: string, accepted: readonly number[]) => {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new ServiceUnreachableError(`cannot reach ${base}${path}: ${causeText(err)}`);
    }
    if (!accepted.includes(response.status)) {
      throw new ServiceUnreachableError(`${base}${path} answered HTTP ${response.status}`);
    }
    try {
      return { code: response.status, body: await response.json() };
    } catch {
      throw new ServiceUnreachableError(`${base}${path} did not answer JSON`);
    }
  };
  const [status, health, ready, stats] = await Promise.all([
    get('/status', [200]),
    get('/health', [200]),
    get('/ready', [200, 503]),
    get('/stats', [200, 404]),
  ]);
  return {
    url: base,
    status: status.body as StatusView,
    health: health.body as HealthView,
    ready: ready.body as ReadyView,
    stats: stats.code === 200 ? (stats.body as Record<string, unknown>) : null,
  };
}

/** 0 ready, 1 not ready. */
export function statusExitCode(snapshot: ServiceSnapshot): number {
  return snapshot.ready.status === 'ready' ? STATUS_EXIT.ready : STATUS_EXIT.notReady;
}

/** fetch rejects with "fetch failed" and the real reason (ECONNREFUSED, timeout) in `cause`. */
function causeText(err: unknown): string {
  if (!(err instanceof Error)) {
    return String(err);
  }
  const cause = (err as Error & { cause?: unknown }).cause;
  if (err.name === 'TimeoutError') {
    return 'no answer in time';
  }
  return cause instanceof Error ? cause.message : err.message;
}
