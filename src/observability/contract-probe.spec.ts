import { u8aToHex } from '@polkadot/util';
import { ChainClientError, type ChainClient, type DryRunResult } from '../chain/chain-client';
import { PinoLogger } from '../logging';
import {
  CONTRACT_NAMES,
  encodeReturn,
  PASEO_CONTRACT_ADDRESSES,
  type ContractName,
} from '../contracts';
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
      PinoLogger.create('test', { level: 'error', format: 'json' }),
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

  describe('health: what the dry run says of each contract', () => {
    const gas = { refTime: 0n, proofSize: 0n };
    const answers: Record<ContractName, () => Promise<DryRunResult>> = {
      aiJobQueue: () =>
        Promise.resolve({
          ok: true,
          flags: 0,
          isReverted: false,
          data: u8aToHex(encodeReturn('aiJobQueue', 'get_job_counter', 7n)),
          gasRequired: gas,
          storageDeposit: 0n,
        }),
      paymentEscrow: () =>
        Promise.resolve({ ok: false, error: 'ContractNotFound', gasRequired: gas }),
      computeProviderRegistry: () =>
        Promise.resolve({
          ok: true,
          flags: 1,
          isReverted: true,
          data: '0x',
          gasRequired: gas,
          storageDeposit: 0n,
        }),
      dataNftRegistry: () =>
        Promise.resolve({ ok: false, error: 'AccountUnmapped', gasRequired: gas }),
      phalaJobProcessor: () => Promise.reject(new ChainClientError('unavailable', 'no endpoint')),
      mevProtection: () => new Promise(() => undefined),
    };
    const perContract = new ContractProbe(
      { dryRun: (call) => answers[call.contract]() },
      { contracts, readOrigin: null, timeoutMs: 50 },
      PinoLogger.create('test', { level: 'error', format: 'json' }),
    );

    it('is active when the getter answers, unreachable when the chain says the contract did not, unknown when it could not be asked', async () => {
      const states = await perContract.probeAll();
      expect(Object.fromEntries(states.map((s) => [s.name, s.health]))).toEqual({
        aiJobQueue: 'active',
        paymentEscrow: 'unreachable',
        computeProviderRegistry: 'unreachable',
        dataNftRegistry: 'unknown',
        phalaJobProcessor: 'unknown',
        mevProtection: 'unknown',
      });
      expect(states.find((s) => s.name === 'mevProtection')?.reachError).toBe('timeout');
    });
  });
});
