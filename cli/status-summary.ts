import type { ServiceSnapshot } from './service-snapshot';

/** A few lines for people: readiness, cursor and lag, RPC endpoints, jobs, events. */
export function formatStatusSummary(snapshot: ServiceSnapshot): string {
  const { status, health, ready, stats } = snapshot;
  const lines: string[] = [];
  const readiness =
    ready.status === 'ready'
      ? 'ready'
      : `NOT READY: ${ready.reasons.map((r) => `${r.code} (${r.message})`).join('; ')}`;
  lines.push(`service   ${snapshot.url}: ${health.status}, ${readiness}`);
  lines.push(`uptime    ${formatUptime(health.uptime)}`);
  const head = status.chain.finalizedHead;
  const finalized = status.cursors.finalized;
  lines.push(
    `chain     finalized head ${head ? `#${head.number}` : 'unknown'}; ` +
      `cursor ${finalized ? `#${finalized.number} (${finalized.hash.slice(0, 10)}…)` : 'none yet'}; ` +
      `best cursor ${status.cursors.best ? `#${status.cursors.best.number}` : 'none yet'}`,
  );
  lines.push(
    `lag       ${status.lagBlocks === null ? 'unknown' : `${status.lagBlocks} blocks`} ` +
      `(ready while ≤ ${ready.maxLagBlocks})`,
  );
  lines.push(`database  ${status.database.isReachable ? 'reachable' : 'UNREACHABLE'}`);
  if (status.endpoints.length === 0) {
    lines.push('rpc       no endpoint');
  }
  for (const endpoint of status.endpoints) {
    const marks = [
      endpoint.isActive ? 'active' : null,
      endpoint.isTrusted ? null : 'untrusted',
      `score ${endpoint.score}`,
      endpoint.latencyMs === null ? null : `${endpoint.latencyMs} ms`,
    ].filter((mark): mark is string => mark !== null);
    lines.push(`rpc       ${endpoint.endpoint} ${endpoint.status} (${marks.join(', ')})`);
  }
  lines.push(`jobs      ${formatJobs(snapshot)}`);
  if (status.events) {
    const quarantined = status.quarantined === null ? '' : `, ${status.quarantined} quarantined`;
    lines.push(
      `events    ${status.events.total} stored (${status.events.final} final, ` +
        `${status.events.tentative} tentative)${quarantined}`,
    );
  }
  if (stats) {
    lines.push(`stats     ${Object.keys(stats).join(', ') || 'none'} (see --json)`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Jobs by state from /stats when it carries a `jobs` map of counts (e.g. `{ byStatus: {…} }` or
 * `{ Completed: 2 }`); otherwise the totals of /health.
 */
function formatJobs(snapshot: ServiceSnapshot): string {
  const counts = jobCounts(snapshot.stats);
  if (counts) {
    return counts.map(([state, count]) => `${state} ${count}`).join(', ') || 'none';
  }
  const performance = snapshot.health.performance;
  if (!performance) {
    return 'unknown (database unreachable)';
  }
  const rate = performance.successRate ? `, success rate ${performance.successRate}` : '';
  const time = performance.avgProcessingTime
    ? `, ${performance.avgProcessingTime} from submission to completion`
    : '';
  return `${performance.totalJobs} submitted${rate}${time}`;
}

function jobCounts(stats: Record<string, unknown> | null): [string, number][] | null {
  const jobs = stats?.['jobs'];
  if (typeof jobs !== 'object' || jobs === null) {
    return null;
  }
  const record = jobs as Record<string, unknown>;
  const byStatus = record['byStatus'] ?? record['byState'];
  const source = (typeof byStatus === 'object' && byStatus !== null ? byStatus : record) as Record<
    string,
    unknown
  >;
  const entries = Object.entries(source).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number',
  );
  return entries.length > 0 ? entries : null;
}

function formatUptime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}
