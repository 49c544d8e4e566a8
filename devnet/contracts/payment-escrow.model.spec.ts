import { PAID_UNPAYABLE_TRAP, U128_MAX } from './contract-model';
import {
  ALICE,
  BOB,
  CAROL,
  MALLORY,
  modelHarness,
  silentFailure,
  valueOf,
} from './fake-call-context';
import type { ModelHarness } from './fake-call-context';
import { paymentEscrowModel } from './payment-escrow.model';
import type { PaymentEscrowState } from './payment-escrow.model';

const ADMIN = CAROL;
const AMOUNT = 3n * 100_000_000n; // 3 planck in contract units

describe('paymentEscrowModel', () => {
  let h: ModelHarness<PaymentEscrowState>;
  beforeEach(() => {
    h = modelHarness(paymentEscrowModel, ADMIN);
  });

  function deposit(jobId = 1n, depositor = ALICE, value = AMOUNT): void {
    expect(valueOf(h.call(depositor, 'deposit_for_job', { jobId, provider: BOB }, { value }))).toBe(
      true,
    );
  }

  it('get_admin returns the deployer', () => {
    expect(valueOf(h.call(BOB, 'get_admin'))).toBe(ADMIN);
  });

  it('deposit → release pays the provider and zeroes the escrow', () => {
    expect(
      h.call(ALICE, 'deposit_for_job', { jobId: 7n, provider: BOB }, { value: AMOUNT }),
    ).toEqual({
      kind: 'returned',
      value: true,
      events: [
        {
          contract: 'paymentEscrow',
          name: 'Deposited',
          fields: { jobId: 7n, owner: ALICE, provider: BOB, amount: AMOUNT },
        },
      ],
    });
    expect(valueOf(h.call(CAROL, 'get_escrow', { jobId: 7n }))).toEqual({
      owner: ALICE,
      provider: BOB,
      amount: AMOUNT,
      released: false,
      refunded: false,
    });

    expect(h.call(ALICE, 'release_to_provider', { jobId: 7n })).toEqual({
      kind: 'returned',
      value: true,
      events: [
        {
          contract: 'paymentEscrow',
          name: 'Released',
          fields: { jobId: 7n, provider: BOB, amount: AMOUNT },
        },
      ],
    });
    expect(h.transfers).toEqual([{ to: BOB, amount: AMOUNT }]);
    expect(h.balance).toBe(0n);
    expect(valueOf(h.call(CAROL, 'get_escrow', { jobId: 7n }))).toEqual({
      owner: ALICE,
      provider: BOB,
      amount: 0n,
      released: true,
      refunded: false,
    });
  });

  it('deposit → refund pays the depositor back', () => {
    deposit();
    expect(h.call(ALICE, 'refund_to_owner', { jobId: 1n })).toEqual({
      kind: 'returned',
      value: true,
      events: [
        {
          contract: 'paymentEscrow',
          name: 'Refunded',
          fields: { jobId: 1n, owner: ALICE, amount: AMOUNT },
        },
      ],
    });
    expect(h.transfers).toEqual([{ to: ALICE, amount: AMOUNT }]);
    expect(h.state.escrows.get(1n)).toMatchObject({ refunded: true, released: false, amount: 0n });
  });

  it('get_escrow is null for an unknown job ID', () => {
    expect(valueOf(h.call(ALICE, 'get_escrow', { jobId: 1n }))).toBeNull();
  });

  describe('deposit_for_job failures', () => {
    it('returns false for a zero value', () => {
      expect(h.call(ALICE, 'deposit_for_job', { jobId: 1n, provider: BOB })).toEqual(
        silentFailure(),
      );
      expect(h.state.escrows.size).toBe(0);
    });

    it('returns false on an active escrow, which stays as it was, and keeps the value', () => {
      deposit();
      const again = h.call(ALICE, 'deposit_for_job', { jobId: 1n, provider: CAROL }, { value: 5n });
      expect(again).toEqual(silentFailure());
      expect(h.state.escrows.get(1n)).toEqual({
        owner: ALICE,
        provider: BOB,
        amount: AMOUNT,
        released: false,
        refunded: false,
      });
      expect(h.balance).toBe(AMOUNT + 5n); // unaccounted, stuck in the contract
    });

    it('lets a squatter take a job ID first; the real owner then fails', () => {
      deposit(1n, MALLORY);
      expect(
        h.call(ALICE, 'deposit_for_job', { jobId: 1n, provider: BOB }, { value: AMOUNT }),
      ).toEqual(silentFailure());
      expect(h.state.escrows.get(1n)?.owner).toBe(MALLORY);
      expect(h.call(ALICE, 'refund_to_owner', { jobId: 1n })).toEqual(silentFailure());
    });
  });

  it('overwrites a released record with a new deposit and a new owner', () => {
    deposit(1n, ALICE);
    valueOf(h.call(ALICE, 'release_to_provider', { jobId: 1n }));
    expect(
      valueOf(h.call(MALLORY, 'deposit_for_job', { jobId: 1n, provider: CAROL }, { value: 9n })),
    ).toBe(true);
    expect(h.state.escrows.get(1n)).toEqual({
      owner: MALLORY,
      provider: CAROL,
      amount: 9n,
      released: false,
      refunded: false,
    });
  });

  it('overwrites a refunded record too', () => {
    deposit();
    valueOf(h.call(ALICE, 'refund_to_owner', { jobId: 1n }));
    deposit(1n, BOB, 11n);
    expect(h.state.escrows.get(1n)).toMatchObject({ owner: BOB, amount: 11n, refunded: false });
  });

  it('keeps an amount above u128::MAX (U256)', () => {
    const huge = U128_MAX + 1n;
    deposit(1n, ALICE, huge);
    expect(h.state.escrows.get(1n)?.amount).toBe(huge);
  });

  describe('release_to_provider / refund_to_owner', () => {
    it('returns false for anyone but the depositor, the admin included', () => {
      deposit();
      for (const caller of [BOB, ADMIN, MALLORY]) {
        expect(h.call(caller, 'release_to_provider', { jobId: 1n })).toEqual(silentFailure());
        expect(h.call(caller, 'refund_to_owner', { jobId: 1n })).toEqual(silentFailure());
      }
      expect(h.transfers).toEqual([]);
      expect(h.state.escrows.get(1n)?.amount).toBe(AMOUNT);
    });

    it('returns false for an unknown escrow', () => {
      expect(h.call(ALICE, 'release_to_provider', { jobId: 1n })).toEqual(silentFailure());
      expect(h.call(ALICE, 'refund_to_owner', { jobId: 1n })).toEqual(silentFailure());
    });

    it('returns false once released or refunded', () => {
      deposit(1n);
      deposit(2n);
      valueOf(h.call(ALICE, 'release_to_provider', { jobId: 1n }));
      valueOf(h.call(ALICE, 'refund_to_owner', { jobId: 2n }));
      for (const jobId of [1n, 2n]) {
        expect(h.call(ALICE, 'release_to_provider', { jobId })).toEqual(silentFailure());
        expect(h.call(ALICE, 'refund_to_owner', { jobId })).toEqual(silentFailure());
      }
      expect(h.transfers).toHaveLength(2);
    });

    it('returns false and changes nothing when the runtime refuses the transfer', () => {
      deposit();
      const refuse = { refuseTransfers: true };
      expect(h.call(ALICE, 'release_to_provider', { jobId: 1n }, refuse)).toEqual(silentFailure());
      expect(h.call(ALICE, 'refund_to_owner', { jobId: 1n }, refuse)).toEqual(silentFailure());
      expect(h.state.escrows.get(1n)).toMatchObject({
        amount: AMOUNT,
        released: false,
        refunded: false,
      });
      expect(valueOf(h.call(ALICE, 'release_to_provider', { jobId: 1n }))).toBe(true);
    });

    it('asks the runtime to transfer exactly the escrowed amount', () => {
      const odd = 123n; // not a multiple of 1e8: the runtime decides whether it goes through
      deposit(1n, ALICE, odd);
      const asked: bigint[] = [];
      const ctx = {
        caller: ALICE,
        value: 0n,
        blockNumber: 1,
        timestamp: 0n,
        transfer: (_to: string, amount: bigint) => {
          asked.push(amount);
          return false;
        },
      };
      const state = structuredClone(h.state);
      expect(paymentEscrowModel.call(state, ctx, 'release_to_provider', { jobId: 1n })).toEqual(
        silentFailure(),
      );
      expect(asked).toEqual([odd]);
    });
  });

  describe('set_provider', () => {
    it('lets the depositor change the provider any time before settlement', () => {
      deposit();
      expect(h.call(ALICE, 'set_provider', { jobId: 1n, provider: CAROL })).toEqual({
        kind: 'returned',
        value: true,
        events: [
          {
            contract: 'paymentEscrow',
            name: 'ProviderSet',
            fields: { jobId: 1n, provider: CAROL },
          },
        ],
      });
      valueOf(h.call(ALICE, 'release_to_provider', { jobId: 1n }));
      expect(h.transfers).toEqual([{ to: CAROL, amount: AMOUNT }]);
    });

    it('returns false for a non-depositor, an unknown escrow, and after settlement', () => {
      expect(h.call(ALICE, 'set_provider', { jobId: 1n, provider: CAROL })).toEqual(
        silentFailure(),
      );
      deposit();
      expect(h.call(BOB, 'set_provider', { jobId: 1n, provider: BOB })).toEqual(silentFailure());
      expect(h.call(ADMIN, 'set_provider', { jobId: 1n, provider: ADMIN })).toEqual(
        silentFailure(),
      );
      valueOf(h.call(ALICE, 'refund_to_owner', { jobId: 1n }));
      expect(h.call(ALICE, 'set_provider', { jobId: 1n, provider: CAROL })).toEqual(
        silentFailure(),
      );
      expect(h.state.escrows.get(1n)?.provider).toBe(BOB);
    });
  });

  it('traps when value is sent to a non-payable message', () => {
    deposit();
    expect(h.call(ALICE, 'release_to_provider', { jobId: 1n }, { value: 1n })).toEqual({
      kind: 'trapped',
      reason: PAID_UNPAYABLE_TRAP,
    });
    expect(h.state.escrows.get(1n)?.released).toBe(false);
  });
});
