/**
 * Test helpers for the contract models: a fake CallContext and a harness that behaves like the
 * devnet runtime around one contract (clone state, commit on return, discard on trap, keep value).
 * Used by the *.spec.ts files beside it; not used by production code.
 */
import type { AccountIdHex, ContractEvent, H160 } from '../../src/contracts';
import type { CallContext, CallOutcome, ContractModel, ModelAccount } from './contract-model';

export const ALICE: H160 = '0x9621dde636de098b43efb0fa9b61facfe328f99d';
export const BOB: H160 = '0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
export const CAROL: H160 = '0xca401ca401ca401ca401ca401ca401ca401ca401';
export const MALLORY: H160 = '0xbad0bad0bad0bad0bad0bad0bad0bad0bad0bad0';

export const ALICE_ID: AccountIdHex =
  '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
export const BOB_ID: AccountIdHex =
  '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48';
export const CAROL_ID: AccountIdHex =
  '0x90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22';

export const DEFAULT_BLOCK = 10;
export const DEFAULT_TIMESTAMP = 1_700_000_000_000n;

export interface Transfer {
  to: string;
  amount: bigint;
}

export interface FakeCallContextOptions {
  caller: ModelAccount;
  value?: bigint;
  blockNumber?: number;
  timestamp?: bigint;
  /** decides each transfer; defaults to always succeeding */
  transfer?: (to: string, amount: bigint) => boolean;
}

export interface FakeCallContext extends CallContext {
  /** transfers the model asked for and that succeeded, in order */
  readonly transfers: Transfer[];
}

export function fakeCallContext(options: FakeCallContextOptions): FakeCallContext {
  const transfers: Transfer[] = [];
  const decide = options.transfer ?? (() => true);
  return {
    caller: options.caller,
    value: options.value ?? 0n,
    blockNumber: options.blockNumber ?? DEFAULT_BLOCK,
    timestamp: options.timestamp ?? DEFAULT_TIMESTAMP,
    transfers,
    transfer(to, amount) {
      const ok = decide(to, amount);
      if (ok) {
        transfers.push({ to, amount });
      }
      return ok;
    },
  };
}

export interface HarnessCallOptions {
  value?: bigint;
  blockNumber?: number;
  timestamp?: bigint;
  /** make every transfer of this call fail, as the runtime may (e.g. DecimalPrecisionLoss) */
  refuseTransfers?: boolean;
}

export interface ModelHarness<S> {
  /** the committed state */
  readonly state: S;
  /** the contract's balance: value kept on every normal return, minus transfers out */
  readonly balance: bigint;
  /** transfers out of the contract that were committed */
  readonly transfers: readonly Transfer[];
  call(
    caller: ModelAccount,
    message: string,
    args?: Record<string, unknown>,
    options?: HarnessCallOptions,
  ): CallOutcome;
  /** replaces the committed state (to set up edge cases such as a saturated counter) */
  setState(next: S): void;
}

/** A one-contract stand-in for the devnet runtime, deployed by `admin`. */
export function modelHarness<S>(model: ContractModel<S>, admin: ModelAccount): ModelHarness<S> {
  let state = model.genesis(admin);
  let balance = 0n;
  const transfers: Transfer[] = [];
  return {
    get state() {
      return state;
    },
    get balance() {
      return balance;
    },
    transfers,
    setState(next) {
      state = next;
    },
    call(caller, message, args = {}, options = {}) {
      const draft = structuredClone(state);
      let draftBalance = balance + (options.value ?? 0n);
      const ctx = fakeCallContext({
        caller,
        value: options.value,
        blockNumber: options.blockNumber,
        timestamp: options.timestamp,
        transfer: (_to, amount) => {
          if (options.refuseTransfers === true || amount > draftBalance) {
            return false;
          }
          draftBalance -= amount;
          return true;
        },
      });
      const outcome = model.call(draft, ctx, message, args);
      if (outcome.kind === 'returned') {
        state = draft;
        balance = draftBalance;
        transfers.push(...ctx.transfers);
      }
      return outcome;
    },
  };
}

/** The value of a returned outcome; throws (failing the test) on a trap. */
export function valueOf(outcome: CallOutcome): unknown {
  if (outcome.kind !== 'returned') {
    throw new Error(`expected a normal return, got a trap: ${outcome.reason}`);
  }
  return outcome.value;
}

/** The events of a returned outcome; throws (failing the test) on a trap. */
export function eventsOf(outcome: CallOutcome): ContractEvent[] {
  if (outcome.kind !== 'returned') {
    throw new Error(`expected a normal return, got a trap: ${outcome.reason}`);
  }
  return outcome.events;
}

/** A silent failure: a normal return of `value` with no events. */
export function silentFailure(value: unknown = false): CallOutcome {
  return { kind: 'returned', value, events: [] };
}
