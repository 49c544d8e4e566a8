import type { EndpointState } from '../chain/chain-client';
import type { ChainSnapshot } from './chain-snapshot';
import { assessReadiness } from './readiness';

function endpoint(overrides: Partial<EndpointState> = {}): EndpointState {
  return {
    url: 'ws://127.0.0.1:9944',
    status: 'connected',
    isActive: true,
    isTrusted: true,
    distrustReason: null,
    score: 100,
    latencyMs: 1,
    bestNumber: 12n,
    finalizedNumber: 10n,
    headAgeMs: 5,
    consecutiveFailures: 0,
    stallCount: 0,
    lastError: null,
    ...overrides,
  };
}

function snapshot(overrides: Partial<ChainSnapshot> = {}): ChainSnapshot {
  const cursor = (n: bigint) => ({
    lane: 'finalized' as const,
    block: { number: n, hash: '0x01' },
    version: 1,
    updatedAt: new Date(0),
  });
  return {
    database: { isReachable: true, error: null },
    cursors: { best: cursor(12n), finalized: cursor(10n) },
    chainFinalized: { number: 10n, hash: '0x01' },
    lagBlocks: 0,
    endpoints: [endpoint()],
    ...overrides,
  };
}

describe('assessReadiness', () => {
  it('is ready when the database answers, an endpoint is trusted and the lag is small', () => {
    expect(assessReadiness(snapshot({ lagBlocks: 5 }), 5)).toEqual({ isReady: true, reasons: [] });
  });

  it('reports a finality lag above the limit', () => {
    const result = assessReadiness(snapshot({ lagBlocks: 6 }), 5);
    expect(result.isReady).toBe(false);
    expect(result.reasons.map((r) => r.code)).toEqual(['FINALITY_LAG']);
  });

  it('reports an unreachable database and no trusted endpoint together', () => {
    const result = assessReadiness(
      snapshot({
        database: { isReachable: false, error: 'down' },
        cursors: { best: null, finalized: null },
        lagBlocks: null,
        endpoints: [endpoint({ isTrusted: false, distrustReason: 'stalled', score: 0 })],
      }),
      5,
    );
    expect(result.reasons.map((r) => r.code)).toEqual([
      'DATABASE_UNREACHABLE',
      'NO_TRUSTED_ENDPOINT',
    ]);
    expect(result.reasons[1]?.message).toContain('stalled');
  });

  it('is not ready before the first finalized block was processed', () => {
    const result = assessReadiness(
      snapshot({ cursors: { best: null, finalized: null }, lagBlocks: null }),
      5,
    );
    expect(result.reasons.map((r) => r.code)).toEqual(['NO_FINALIZED_CURSOR']);
  });
});
