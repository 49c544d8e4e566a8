import type { EndpointState } from '../chain/chain-client';
import type { ChainSnapshot } from './chain-snapshot';
import { assessReadiness, lowBalanceReasons, ReadinessQuery } from './readiness';

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

describe('lowBalanceReasons', () => {
  const balance = (role: string, free: bigint | null) => ({
    role,
    address: `5${role}`,
    free,
    error: free === null ? 'timeout' : null,
  });

  it('names each signer below the minimum, and only those', () => {
    const reasons = lowBalanceReasons(
      [balance('worker', 9n), balance('custody', 10n), balance('admin', null)],
      10n,
    );
    expect(reasons).toEqual([
      {
        code: 'SIGNER_BALANCE_LOW',
        message: 'the worker signer 5worker holds 9 planck, below the minimum 10',
      },
    ]);
  });

  it('is off with a minimum of 0', () => {
    expect(lowBalanceReasons([balance('worker', 0n)], 0n)).toEqual([]);
  });
});

describe('ReadinessQuery with signer balances', () => {
  const reader = (free: bigint) => ({
    read: () => Promise.resolve([{ role: 'worker', address: '5w', free, error: null }]),
  });
  const snapshots = { read: () => Promise.resolve(snapshot()) };

  it('is not ready when a signer is below the minimum', async () => {
    const query = new ReadinessQuery(snapshots, 5, undefined, {
      reader: reader(5n),
      minPlanck: 10n,
    });
    const result = await query.read();
    expect(result.isReady).toBe(false);
    expect(result.reasons.map((r) => r.code)).toEqual(['SIGNER_BALANCE_LOW']);
  });

  it('is ready when every signer holds enough', async () => {
    const query = new ReadinessQuery(snapshots, 5, undefined, {
      reader: reader(10n),
      minPlanck: 10n,
    });
    expect((await query.read()).isReady).toBe(true);
  });
});

describe('ReadinessQuery with the service parts', () => {
  const snapshots = { read: () => Promise.resolve(snapshot()) };

  it('is ready when every part is healthy', async () => {
    const query = new ReadinessQuery(snapshots, 5, undefined, null, () => [
      { name: 'job-engine', isHealthy: true },
      { name: 'tx-manager', isHealthy: true },
    ]);
    expect(await query.read()).toMatchObject({ isReady: true, reasons: [] });
  });

  it('names each unhealthy part with its own code, the engine and transaction manager apart', async () => {
    const query = new ReadinessQuery(snapshots, 5, undefined, null, () => [
      { name: 'startup', isHealthy: false, reason: 'starting job-engine' },
      { name: 'tx-manager', isHealthy: false, reason: 'the last 3 passes failed: nonce' },
      { name: 'job-engine', isHealthy: false, reason: 'not running' },
      { name: 'mev-batcher', isHealthy: false, reason: 'no pass has ended for 400 s' },
      { name: 'api', isHealthy: true },
    ]);
    const result = await query.read();
    expect(result.isReady).toBe(false);
    expect(result.reasons).toEqual([
      { code: 'STARTING', message: 'startup: starting job-engine' },
      { code: 'TX_MANAGER_UNHEALTHY', message: 'tx-manager: the last 3 passes failed: nonce' },
      { code: 'JOB_ENGINE_UNHEALTHY', message: 'job-engine: not running' },
      { code: 'PART_UNHEALTHY', message: 'mev-batcher: no pass has ended for 400 s' },
    ]);
  });
});
