import type { Escrow, H160 } from '../../src/contracts';
import { returned, type ContractModel } from './contract-model';
import { defineModel, messageBuilder } from './define-model';

/** Storage of the deployed v6 `payment_escrow` (spec §4.3). */
export interface PaymentEscrowState {
  /** the deployer; readable only, it has no powers (§4.8.5) */
  admin: H160;
  /** keyed by whatever u128 the depositor picked */
  escrows: Map<bigint, Escrow>;
}

const m = messageBuilder<PaymentEscrowState>();

/**
 * `payment_escrow`, the deployed v6 H160/U256 build (spec §4). Only the depositor can act on an
 * escrow. A deposit onto an active escrow returns false and the runtime keeps the value (§4.8.3).
 */
export const paymentEscrowModel: ContractModel<PaymentEscrowState> =
  defineModel<PaymentEscrowState>({
    name: 'paymentEscrow',
    genesis: (admin) => ({ admin, escrows: new Map() }),
    messages: {
      deposit_for_job: m.payable({ jobId: 'u128', provider: 'h160' }, (s, a, ctx) => {
        const amount = ctx.value; // U256, no u128 conversion
        if (amount === 0n || isActive(s.escrows.get(a.jobId))) {
          return returned(false);
        }
        const owner = ctx.caller;
        // overwrites an old released / refunded record, possibly with a new owner
        s.escrows.set(a.jobId, {
          owner,
          provider: a.provider,
          amount,
          released: false,
          refunded: false,
        });
        return returned(true, [
          {
            contract: 'paymentEscrow',
            name: 'Deposited',
            fields: { jobId: a.jobId, owner, provider: a.provider, amount },
          },
        ]);
      }),

      set_provider: m.plain({ jobId: 'u128', provider: 'h160' }, (s, a, ctx) => {
        const escrow = s.escrows.get(a.jobId);
        if (escrow === undefined || escrow.owner !== ctx.caller || isSettled(escrow)) {
          return returned(false);
        }
        escrow.provider = a.provider;
        return returned(true, [
          {
            contract: 'paymentEscrow',
            name: 'ProviderSet',
            fields: { jobId: a.jobId, provider: a.provider },
          },
        ]);
      }),

      release_to_provider: m.plain({ jobId: 'u128' }, (s, a, ctx) => {
        const escrow = s.escrows.get(a.jobId);
        if (escrow === undefined || escrow.owner !== ctx.caller || isSettled(escrow)) {
          return returned(false);
        }
        const { provider, amount } = escrow;
        if (provider === null || amount === 0n || !ctx.transfer(provider, amount)) {
          return returned(false);
        }
        escrow.released = true;
        escrow.amount = 0n;
        return returned(true, [
          {
            contract: 'paymentEscrow',
            name: 'Released',
            fields: { jobId: a.jobId, provider, amount },
          },
        ]);
      }),

      refund_to_owner: m.plain({ jobId: 'u128' }, (s, a, ctx) => {
        const escrow = s.escrows.get(a.jobId);
        if (escrow === undefined || escrow.owner !== ctx.caller || isSettled(escrow)) {
          return returned(false);
        }
        const { owner, amount } = escrow;
        if (amount === 0n || !ctx.transfer(owner, amount)) {
          return returned(false);
        }
        escrow.refunded = true;
        escrow.amount = 0n;
        return returned(true, [
          {
            contract: 'paymentEscrow',
            name: 'Refunded',
            fields: { jobId: a.jobId, owner, amount },
          },
        ]);
      }),

      get_escrow: m.plain({ jobId: 'u128' }, (s, a) => {
        const escrow = s.escrows.get(a.jobId);
        return returned(escrow === undefined ? null : { ...escrow });
      }),

      get_admin: m.plain({}, (s) => returned(s.admin)),
    },
  });

function isSettled(escrow: Escrow): boolean {
  return escrow.released || escrow.refunded;
}

/** An escrow blocks a new deposit while it still holds funds (§4.4 `deposit_for_job`). */
function isActive(escrow: Escrow | undefined): boolean {
  return escrow !== undefined && !isSettled(escrow) && escrow.amount > 0n;
}
