import type { ChainClient } from '../chain/chain-client';
import { ConsoleLogger } from '../chain/logger';
import { CONTRACT_NAMES, PASEO_CONTRACT_ADDRESSES, type ContractName } from '../contracts';
import { ContractProbe } from './contract-probe';

const contracts = Object.fromEntries(
  CONTRACT_NAMES.map((name) => {
    const deployed = PASEO_CONTRACT_ADDRESSES[name];
    return [name, deployed.pallet === 'revive' ? deployed.h160 : deployed.accountId];
  }),
) as Record<ContractName, string>;

describe('ContractProbe', () => {
  let dryRuns: number;
  let clock: number;
  const chain = {
    dryRun: (() => {
      dryRuns += 1;
      return Promise.resolve({ ok: false, error: 'ContractNotFound' });
    }) as unknown as ChainClient['dryRun'],
  };
  const probe = (cacheMs: number) =>
    new ContractProbe(
      chain,
      { contracts, readOrigin: null, timeoutMs: 1_000, cacheMs },
      new ConsoleLogger('test', 'error'),
      () => clock,
    );

  beforeEach(() => {
    dryRuns = 0;
    clock = 0;
  });

  it('dry-runs one getter per contract and reports why one is unreachable', async () => {
    const states = await probe(0).probeAll();
    expect(states.map((s) => s.name)).toEqual([...CONTRACT_NAMES]);
    expect(states.every((s) => !s.isReachable && s.reachError === 'ContractNotFound')).toBe(true);
    expect(dryRuns).toBe(CONTRACT_NAMES.length);
  });

  it('reuses its answer for CACHE_TTL and shares one probe between concurrent callers', async () => {
    const cached = probe(30_000);
    await Promise.all([cached.probeAll(), cached.probeAll(), cached.probeAll()]);
    expect(dryRuns).toBe(CONTRACT_NAMES.length);
    clock = 29_999;
    await cached.probeAll();
    expect(dryRuns).toBe(CONTRACT_NAMES.length);
    clock = 30_000;
    await cached.probeAll();
    expect(dryRuns).toBe(2 * CONTRACT_NAMES.length);
  });

  it('probes every time without a cache', async () => {
    const uncached = probe(0);
    await uncached.probeAll();
    await uncached.probeAll();
    expect(dryRuns).toBe(2 * CONTRACT_NAMES.length);
  });
});
