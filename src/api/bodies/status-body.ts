import type { ChainCursor } from '../../chain/follower';
import { lagSeconds, redactEndpoint, type ServiceStatus } from '../../observability';
import type { StatusBody } from '../dto/status.dto';

/** The follower lease holder as /status shows it. */
export type LeaderBody = StatusBody['leader'];

/** `now` dates the lag in seconds; `leader` comes from the lease table (LeaderQuery). */
export function toStatusBody(
  status: ServiceStatus,
  now: Date = new Date(),
  leader: LeaderBody = null,
): StatusBody {
  const { snapshot, counts } = status;
  const head = snapshot.chainFinalized;
  return {
    chain: {
      name: status.chainName,
      finalizedHead: head === null ? null : { number: head.number.toString(), hash: head.hash },
    },
    cursors: {
      best: cursorBody(snapshot.cursors.best),
      finalized: cursorBody(snapshot.cursors.finalized),
    },
    lagBlocks: snapshot.lagBlocks,
    lagSeconds: lagSeconds(snapshot, now),
    leader,
    database: { isReachable: snapshot.database.isReachable },
    endpoints: snapshot.endpoints.map((e) => ({
      endpoint: redactEndpoint(e.url),
      status: e.status,
      isActive: e.isActive,
      isTrusted: e.isTrusted,
      distrustReason: e.distrustReason,
      score: e.score,
      latencyMs: e.latencyMs,
      bestNumber: e.bestNumber === null ? null : e.bestNumber.toString(),
      finalizedNumber: e.finalizedNumber === null ? null : e.finalizedNumber.toString(),
      headAgeMs: e.headAgeMs,
      consecutiveFailures: e.consecutiveFailures,
      stallCount: e.stallCount,
    })),
    events: counts === null ? null : counts.events,
    quarantined: counts === null ? null : counts.quarantined,
  };
}

function cursorBody(cursor: ChainCursor | null): StatusBody['cursors']['best'] {
  return cursor === null
    ? null
    : {
        number: cursor.block.number.toString(),
        hash: cursor.block.hash,
        updatedAt: cursor.updatedAt.toISOString(),
      };
}
