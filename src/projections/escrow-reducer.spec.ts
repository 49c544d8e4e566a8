import type { Escrow } from '../contracts/types';
import { END_OF_BLOCK_SEQ } from './projection-types';
import { escrowView, reduceEscrow, type EscrowEvent } from './escrow-reducer';

const A = '0x9621dde636de098b43efb0fa9b61facfe328f99d';
const B = '0x1111111111111111111111111111111111111111';
const C = '0x2222222222222222222222222222222222222222';
const at = (block: bigint, seq = 0) => ({ block, seq });
const ev = (e: Omit<EscrowEvent, 'contract'>): EscrowEvent =>
  ({ contract: 'paymentEscrow', ...e }) as EscrowEvent;

describe('reduceEscrow', () => {
  const deposited = reduceEscrow(
    null,
    ev({ name: 'Deposited', fields: { jobId: 1n, owner: A, provider: B, amount: 100n } }),
    at(5n),
    undefined,
  )!;

  it('opens an active escrow on Deposited', () => {
    expect(escrowView(deposited)).toEqual({
      owner: A,
      provider: B,
      amount: 100n,
      released: false,
      refunded: false,
    });
    expect(deposited.depositedBlock).toBe(5n);
  });

  it('changes the provider, then releases with amount 0', () => {
    const moved = reduceEscrow(
      deposited,
      ev({ name: 'ProviderSet', fields: { jobId: 1n, provider: C } }),
      at(6n),
      undefined,
    )!;
    const released = reduceEscrow(
      moved,
      ev({ name: 'Released', fields: { jobId: 1n, provider: C, amount: 100n } }),
      at(7n),
      undefined,
    )!;
    expect(escrowView(released)).toEqual({
      owner: A,
      provider: C,
      amount: 0n,
      released: true,
      refunded: false,
    });
  });

  it('overwrites a settled escrow with a new deposit (new owner, flags cleared)', () => {
    const refunded = reduceEscrow(
      deposited,
      ev({ name: 'Refunded', fields: { jobId: 1n, owner: A, amount: 100n } }),
      at(6n),
      undefined,
    )!;
    expect(refunded).toMatchObject({ refunded: true, amount: 0n });
    const again = reduceEscrow(
      refunded,
      ev({ name: 'Deposited', fields: { jobId: 1n, owner: C, provider: B, amount: 7n } }),
      at(9n),
      undefined,
    )!;
    expect(escrowView(again)).toEqual({
      owner: C,
      provider: B,
      amount: 7n,
      released: false,
      refunded: false,
    });
    expect(again.depositedBlock).toBe(9n);
  });

  it('adopts the snapshot for an escrow it does not know, as of the end of the block', () => {
    const snapshot: Escrow = { owner: A, provider: B, amount: 0n, released: true, refunded: false };
    const adopted = reduceEscrow(
      null,
      ev({ name: 'Released', fields: { jobId: 3n, provider: B, amount: 1n } }),
      at(4n, 1),
      snapshot,
    )!;
    expect(adopted).toEqual({
      jobId: 3n,
      ...snapshot,
      depositedBlock: null,
      updated: at(4n, END_OF_BLOCK_SEQ),
    });
    expect(
      reduceEscrow(
        adopted,
        ev({ name: 'ProviderSet', fields: { jobId: 3n, provider: C } }),
        at(4n, 2),
        snapshot,
      ),
    ).toBeNull();
    expect(
      reduceEscrow(
        null,
        ev({ name: 'Released', fields: { jobId: 3n, provider: B, amount: 1n } }),
        at(4n),
        null,
      ),
    ).toBeNull();
  });

  it('skips a replayed event', () => {
    expect(
      reduceEscrow(
        deposited,
        ev({ name: 'Released', fields: { jobId: 1n, provider: B, amount: 1n } }),
        at(5n),
        undefined,
      ),
    ).toBeNull();
  });
});
