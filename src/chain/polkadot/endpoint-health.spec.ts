import {
  assessEndpoints,
  chooseEndpoint,
  type EndpointSample,
  type HealthContext,
} from './endpoint-health';

const ctx: HealthContext = { expectedGenesisHash: '0xg', maxFinalityLagBlocks: 3, stallMs: 3_000 };

function sample(overrides: Partial<EndpointSample> = {}): EndpointSample {
  return {
    url: 'ws://a',
    isConnected: true,
    genesisHash: '0xg',
    latencyMs: 5,
    headAgeMs: 100,
    finalizedNumber: 100n,
    consecutiveFailures: 0,
    ...overrides,
  };
}

describe('assessEndpoints', () => {
  it('trusts a connected endpoint on the expected chain and scores it high', () => {
    const [h] = assessEndpoints([sample()], ctx);
    expect(h).toMatchObject({ isTrusted: true, distrustReason: null, finalityLag: 0n });
    expect(h?.score).toBeGreaterThan(90);
  });

  it('does not trust an endpoint whose finality lags the best-known by more than the limit', () => {
    const health = assessEndpoints(
      [
        sample({ url: 'ws://a', finalizedNumber: 96n }),
        sample({ url: 'ws://b', finalizedNumber: 100n }),
      ],
      ctx,
    );
    expect(health[0]).toMatchObject({ isTrusted: false, score: 0, finalityLag: 4n });
    expect(health[0]?.distrustReason).toMatch(/lags/);
    expect(health[1]?.isTrusted).toBe(true);
  });

  it('still trusts a lag within the limit, with a lower score', () => {
    const [a, b] = assessEndpoints(
      [sample({ url: 'ws://a', finalizedNumber: 97n }), sample({ url: 'ws://b' })],
      ctx,
    );
    expect(a?.isTrusted).toBe(true);
    expect(a?.score).toBeLessThan(b?.score ?? 0);
  });

  it('ignores disconnected and wrong-chain endpoints when computing the best-known finalized', () => {
    const health = assessEndpoints(
      [
        sample({ url: 'ws://a', finalizedNumber: 50n }),
        sample({ url: 'ws://b', isConnected: false, finalizedNumber: 500n }),
        sample({ url: 'ws://c', genesisHash: '0xother', finalizedNumber: 900n }),
      ],
      ctx,
    );
    expect(health.map((h) => h.isTrusted)).toEqual([true, false, false]);
    expect(health[1]?.distrustReason).toBe('not connected');
    expect(health[2]?.distrustReason).toBe('genesis hash mismatch');
  });

  it('penalises a stalled head, high latency and recent failures', () => {
    const fresh = assessEndpoints([sample()], ctx)[0]?.score ?? 0;
    const stalled = assessEndpoints([sample({ headAgeMs: 10_000 })], ctx)[0]?.score ?? 0;
    const slow = assessEndpoints([sample({ latencyMs: 400 })], ctx)[0]?.score ?? 0;
    const flaky = assessEndpoints([sample({ consecutiveFailures: 3 })], ctx)[0]?.score ?? 0;
    expect(stalled).toBeLessThan(fresh - 40);
    expect(slow).toBeLessThan(fresh - 15);
    expect(flaky).toBeLessThan(fresh - 10);
    expect(Math.min(stalled, slow, flaky)).toBeGreaterThan(0);
  });

  it('accepts any genesis when none is expected yet, but requires one to be known', () => {
    const open = { ...ctx, expectedGenesisHash: null };
    expect(assessEndpoints([sample({ genesisHash: '0xz' })], open)[0]?.isTrusted).toBe(true);
    expect(assessEndpoints([sample({ genesisHash: null })], open)[0]?.isTrusted).toBe(false);
  });
});

describe('chooseEndpoint', () => {
  const h = (url: string, score: number, isTrusted = true) => ({
    url,
    score,
    isTrusted,
    distrustReason: null,
    finalityLag: 0n,
  });

  it('picks the best trusted endpoint, earlier on a tie', () => {
    expect(chooseEndpoint([h('a', 80), h('b', 90)], null)).toBe('b');
    expect(chooseEndpoint([h('a', 90), h('b', 90)], null)).toBe('a');
    expect(chooseEndpoint([h('a', 99, false), h('b', 10)], null)).toBe('b');
  });

  it('keeps the current endpoint unless another beats it by more than the margin', () => {
    expect(chooseEndpoint([h('a', 80), h('b', 95)], 'a')).toBe('a');
    expect(chooseEndpoint([h('a', 40), h('b', 95)], 'a')).toBe('b');
  });

  it('leaves an untrusted current endpoint, and returns null when none is trusted', () => {
    expect(chooseEndpoint([h('a', 99, false), h('b', 10)], 'a')).toBe('b');
    expect(chooseEndpoint([h('a', 99, false)], 'a')).toBeNull();
  });
});
