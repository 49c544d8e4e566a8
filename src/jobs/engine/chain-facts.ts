import type { ChainCursorRepository } from '../../chain/follower';
import type { ProjectionRepository } from '../../projections';

/** The finalized block the follower has reached (0 before its first block). */
export async function finalizedBlockNumber(
  cursors: Pick<ChainCursorRepository, 'get'>,
): Promise<number> {
  const cursor = await cursors.get('finalized');
  return cursor === null ? 0 : Number(cursor.block.number);
}

/** Whether the owner cancelled the queue job (finalized projection). */
export async function isCancelledOnChain(
  projections: Pick<ProjectionRepository, 'getJob'>,
  queueJobId: bigint,
): Promise<boolean> {
  const job = await projections.getJob(queueJobId);
  return job?.status === 'Cancelled';
}
