import type { TimelineBody } from '../dto/jobs.dto';

/** One engine stage as stored in the work ledger. */
export interface EngineStage {
  readonly stage: string;
  readonly at: Date;
  readonly detail: string | null;
}

/** One chain stage with the time this service stored its event. */
export interface ObservedChainStage {
  readonly stage: string;
  readonly block: bigint;
  readonly storedAt: Date;
}

/** The engine's stages with the milliseconds since the previous one and since discovery. Pure. */
export function engineStages(events: readonly EngineStage[]): NonNullable<TimelineBody['engine']> {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const discovered = sorted.find((e) => e.stage === 'discovered')?.at ?? null;
  return sorted.map((e, i) => {
    const previous = sorted[i - 1];
    return {
      stage: e.stage,
      at: e.at.toISOString(),
      detail: e.detail,
      msSincePrevious: previous === undefined ? null : e.at.getTime() - previous.at.getTime(),
      msSinceDiscovered:
        discovered === null || e.at < discovered ? null : e.at.getTime() - discovered.getTime(),
    };
  });
}

/**
 * Chain and engine stages in one list ordered by time (chain first on a tie, each source keeping
 * its own order), with ms between neighbours and blocks between stages that have a block. Pure.
 */
export function mergeStages(
  chain: readonly ObservedChainStage[],
  engine: readonly EngineStage[],
): TimelineBody['merged'] {
  const items = [
    ...chain.map((c, order) => ({
      source: 'chain' as const,
      order,
      at: c.storedAt,
      stage: c.stage,
      block: c.block,
    })),
    ...engine.map((e, order) => ({
      source: 'engine' as const,
      order,
      at: e.at,
      stage: e.stage,
      block: null,
    })),
  ].sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() ||
      (a.source === b.source ? a.order - b.order : a.source === 'chain' ? -1 : 1),
  );
  let previousBlock: bigint | null = null;
  return items.map((item, i) => {
    const previous = items[i - 1];
    const blocksSincePrevious =
      item.block === null || previousBlock === null || item.block < previousBlock
        ? null
        : (item.block - previousBlock).toString();
    if (item.block !== null) {
      previousBlock = item.block;
    }
    return {
      source: item.source,
      stage: item.stage,
      at: item.at.toISOString(),
      block: item.block?.toString() ?? null,
      msSincePrevious: previous === undefined ? null : item.at.getTime() - previous.at.getTime(),
      blocksSincePrevious,
    };
  });
}
