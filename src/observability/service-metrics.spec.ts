import type { ChainSnapshot } from './chain-snapshot';
import { lagSeconds } from './service-metrics';

function snapshot(lagBlocks: number | null, cursorAt: Date | null): ChainSnapshot {
  return {
    database: { isReachable: true, error: null },
    cursors: {
      best: null,
      finalized:
        cursorAt === null
          ? null
          : {
              lane: 'finalized',
              block: { number: 5n, hash: '0x05' },
              version: 1,
              updatedAt: cursorAt,
            },
    },
    chainFinalized: lagBlocks === null ? null : { number: 5n + BigInt(lagBlocks), hash: null },
    lagBlocks,
    endpoints: [],
  };
}

describe('lagSeconds', () => {
  const now = new Date(60_000);

  it('is 0 when the cursor is at the finalized head', () => {
    expect(lagSeconds(snapshot(0, new Date(0)), now)).toBe(0);
  });

  it('is the time since the cursor last advanced while it is behind', () => {
    expect(lagSeconds(snapshot(3, new Date(45_500)), now)).toBe(14.5);
  });

  it('is unknown without a cursor or a chain head', () => {
    expect(lagSeconds(snapshot(null, new Date(0)), now)).toBeNull();
    expect(lagSeconds(snapshot(2, null), now)).toBeNull();
  });
});
