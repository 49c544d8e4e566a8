import { type Clock, NOOP_LOGGER } from '../shared';
import { SignerBalanceReader } from './signer-balances';

class SteppingClock implements Clock {
  ms = 0;
  now(): Date {
    return new Date(this.ms);
  }
}

describe('SignerBalanceReader', () => {
  const signers = [
    { role: 'worker', address: '5Worker' },
    { role: 'custody', address: '5Custody' },
  ];

  it('reads each signer, reports failures per signer, and reuses a read within cacheMs', async () => {
    const calls: string[] = [];
    const chain = {
      getAccount: (address: string) => {
        calls.push(address);
        return address === '5Worker'
          ? Promise.resolve({ free: 42n, nonce: 0 })
          : Promise.reject(new Error('rpc down'));
      },
    };
    const clock = new SteppingClock();
    const reader = new SignerBalanceReader(
      chain,
      signers,
      { timeoutMs: 1_000, cacheMs: 5_000 },
      clock,
      NOOP_LOGGER,
    );
    expect(await reader.read()).toEqual([
      { role: 'worker', address: '5Worker', free: 42n, error: null },
      { role: 'custody', address: '5Custody', free: null, error: 'rpc down' },
    ]);
    clock.ms = 4_999;
    await reader.read();
    expect(calls).toHaveLength(2);
    clock.ms = 5_000;
    await reader.read();
    expect(calls).toHaveLength(4);
  });

  it('gives up on a read after the timeout', async () => {
    const reader = new SignerBalanceReader(
      { getAccount: () => new Promise(() => undefined) },
      [signers[0]!],
      { timeoutMs: 10, cacheMs: 0 },
      new SteppingClock(),
      NOOP_LOGGER,
    );
    const [balance] = await reader.read();
    expect(balance).toMatchObject({ free: null, error: expect.stringContaining('timed out') });
  });

  it('reports balances as unknown when the chain view cannot read accounts', async () => {
    const reader = new SignerBalanceReader(
      {},
      [signers[0]!],
      { timeoutMs: 10, cacheMs: 0 },
      new SteppingClock(),
      NOOP_LOGGER,
    );
    expect((await reader.read())[0]).toMatchObject({ free: null });
  });
});
