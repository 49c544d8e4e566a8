import type { ContractCall, DryRunResult } from '../chain/chain-client';
import { h160FromAccountId, isEthDerived } from '../contracts';
import { ContractReader, ContractReadError } from './contract-reader';
import { FakeGetterClient } from './testing/fake-getter-client';

const ORIGIN = `0x${'11'.repeat(32)}`;
const BLOCK = `0x${'ab'.repeat(32)}`;
const NO_GAS = { refTime: 0n, proofSize: 0n };

/** A chain where ORIGIN is not mapped at BLOCK (it called map_account later) and may fail otherwise. */
function unmappedOriginClient(otherError: string | null = null) {
  const getters = new FakeGetterClient(() => null);
  const tried: string[] = [];
  const client = {
    dryRun(call: ContractCall): Promise<DryRunResult> {
      tried.push(call.origin);
      if (call.origin === ORIGIN) {
        return Promise.resolve({ ok: false, error: 'AccountUnmapped', gasRequired: NO_GAS });
      }
      if (otherError !== null) {
        return Promise.resolve({ ok: false, error: otherError, gasRequired: NO_GAS });
      }
      return getters.dryRun(call);
    },
  };
  return { client, tried };
}

describe('ContractReader', () => {
  it('reads a block older than its origin’s mapping as the eth-derived account of the same H160', async () => {
    const { client, tried } = unmappedOriginClient();
    const reader = new ContractReader(client, ORIGIN);

    await expect(reader.escrow(7n, BLOCK)).resolves.toBeNull();

    expect(tried).toHaveLength(2);
    expect(tried[0]).toBe(ORIGIN);
    expect(isEthDerived(tried[1]!)).toBe(true);
    expect(h160FromAccountId(tried[1]!)).toBe(h160FromAccountId(ORIGIN));
  });

  it('still fails, naming the error, when the eth-derived account is refused too', async () => {
    const { client } = unmappedOriginClient('ContractTrapped');
    const reader = new ContractReader(client, ORIGIN);

    await expect(reader.queueJob(7n, BLOCK)).rejects.toThrow(ContractReadError);
    await expect(reader.queueJob(7n, BLOCK)).rejects.toThrow('ContractTrapped');
  });

  it('asks only once for pallet-contracts reads, which need no mapping', async () => {
    const { client, tried } = unmappedOriginClient();
    const reader = new ContractReader(client, ORIGIN);

    await expect(reader.intent(3n, BLOCK)).rejects.toThrow('AccountUnmapped');
    expect(tried).toEqual([ORIGIN]);
  });
});
