import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { accountOf, type ChainState } from '../chain/chain-state';
import { ContractHost, moveBalance, type ContractCallResult } from './contract-host';
import { encodeRuntimeEvent, moduleErrorJson, type EventRecordParts } from './event-encoding';
import { CALL_WEIGHT, EXISTENTIAL_DEPOSIT } from './fees';
import type { RuntimeMetadata } from './runtime-metadata';
import type { CheckedExtrinsic } from './transaction-validity';
import {
  BATCH_MODES,
  dispatchBatch,
  type DispatchOutcome,
  type RuntimeCall,
} from './utility-batch';

const NORMAL_INFO = { weight: CALL_WEIGHT, class: 'Normal', paysFee: 'Yes' };
const MANDATORY_INFO = { weight: CALL_WEIGHT, class: 'Mandatory', paysFee: 'Yes' };

/** Applies extrinsics to a state: fees, nonces, the modelled calls and the events they emit. */
export class Executive {
  /** System.ExtrinsicSuccess never varies here (one weight for every call): encoded once */
  private readonly inherentSuccess: Uint8Array;
  private readonly signedSuccess: Uint8Array;
  /** Utility's batched_calls_limit, as the metadata states it */
  private readonly batchedCallsLimit: number;

  constructor(
    private readonly runtime: RuntimeMetadata,
    private readonly host: ContractHost,
  ) {
    this.inherentSuccess = this.event('system', 'ExtrinsicSuccess', [MANDATORY_INFO]);
    this.signedSuccess = this.event('system', 'ExtrinsicSuccess', [NORMAL_INFO]);
    const limit = runtime.decorated.consts['utility']?.['batchedCallsLimit'];
    this.batchedCallsLimit = limit ? Number(limit.toString()) : Number.MAX_SAFE_INTEGER;
  }

  applyTimestamp(state: ChainState, now: bigint, index: number): EventRecordParts[] {
    state.timestamp = now;
    return [this.record(index, this.inherentSuccess)];
  }

  /**
   * Applies a checked signed extrinsic to `state` in place: the fee and nonce, then the call.
   * When the call fails (`success` false), `state` may hold part of its changes: the caller must
   * rebuild the state without them and charge the fee alone (`chargeFee`), as BlockBuilder does.
   */
  applySigned(
    state: ChainState,
    xt: CheckedExtrinsic,
    index: number,
    blockNumber: number,
  ): { events: EventRecordParts[]; success: boolean } {
    this.chargeFee(state, xt);
    const outcome = this.dispatch(state, xt.signer, xt.extrinsic.method, blockNumber);
    const records: EventRecordParts[] = [
      this.record(index, this.event('balances', 'Withdraw', [xt.signer, xt.fee])),
    ];
    if (outcome.ok) {
      outcome.events.forEach((event, i) =>
        records.push(this.record(index, event, outcome.recordTopics?.[i] ?? [])),
      );
    }
    records.push(
      this.record(
        index,
        this.event('transactionPayment', 'TransactionFeePaid', [xt.signer, xt.fee, xt.tip]),
      ),
    );
    records.push(
      this.record(
        index,
        outcome.ok
          ? this.signedSuccess
          : this.event('system', 'ExtrinsicFailed', [outcome.error, NORMAL_INFO]),
      ),
    );
    return { events: records, success: outcome.ok };
  }

  /** What a signed extrinsic costs whatever its call does: the fee, and the nonce moves on. */
  chargeFee(state: ChainState, xt: CheckedExtrinsic): void {
    const payer = accountOf(state, xt.signer);
    state.accounts.set(xt.signer, { ...payer, nonce: payer.nonce + 1, free: payer.free - xt.fee });
    state.totalIssuance -= xt.fee;
  }

  private dispatch(
    state: ChainState,
    origin: string,
    call: RuntimeCall,
    blockNumber: number,
  ): DispatchOutcome {
    const args = call.args;
    const callName = `${call.section}.${call.method}`;
    switch (callName) {
      case 'system.remark':
        return { ok: true, events: [] };
      case 'system.remarkWithEvent':
        return {
          ok: true,
          events: [this.event('system', 'Remarked', [origin, blake2AsHex(args[0]!.toU8a(true))])],
        };
      case 'balances.transferKeepAlive':
      case 'balances.transferAllowDeath':
        return this.transfer(
          state,
          origin,
          args[0]!.toU8a(),
          BigInt(args[1]!.toString()),
          callName === 'balances.transferKeepAlive',
        );
      case 'revive.mapAccount':
        return this.mapAccount(state, origin);
      case 'revive.call':
      case 'contracts.call':
        return this.callContract(state, origin, call, blockNumber);
      case 'utility.batch':
      case 'utility.batchAll':
      case 'utility.forceBatch':
        return dispatchBatch(
          BATCH_MODES[callName],
          call.args[0] as unknown as RuntimeCall[],
          state,
          {
            dispatch: (inner) => this.dispatch(state, origin, inner, blockNumber),
            event: (section, method, eventArgs) => this.event(section, method, eventArgs),
            moduleError: (section, name) => this.moduleError(section, name),
            limit: this.batchedCallsLimit,
          },
        );
      default:
        return { ok: false, error: { Other: null } };
    }
  }

  private transfer(
    state: ChainState,
    from: string,
    destMultiAddress: Uint8Array,
    amount: bigint,
    keepAlive: boolean,
  ): DispatchOutcome {
    if (destMultiAddress[0] !== 0) {
      return { ok: false, error: { CannotLookup: null } };
    }
    const to = u8aToHex(destMultiAddress.subarray(1));
    const source = accountOf(state, from);
    if (source.free < amount) {
      return this.moduleError('balances', 'InsufficientBalance');
    }
    if (keepAlive && source.free - amount < EXISTENTIAL_DEPOSIT) {
      return this.moduleError('balances', 'Expendability');
    }
    const isNew = !state.accounts.has(to);
    if (isNew && amount < EXISTENTIAL_DEPOSIT) {
      return this.moduleError('balances', 'ExistentialDeposit');
    }
    moveBalance(state, from, to, amount);
    const events = isNew
      ? [this.event('system', 'NewAccount', [to]), this.event('balances', 'Endowed', [to, amount])]
      : [];
    events.push(this.event('balances', 'Transfer', [from, to, amount]));
    return { ok: true, events };
  }

  private mapAccount(state: ChainState, signer: string): DispatchOutcome {
    const h160 = this.host.addressOf(signer);
    if (state.originalAccount.has(h160)) {
      return this.moduleError('revive', 'AccountAlreadyMapped');
    }
    state.originalAccount.set(h160, signer);
    return { ok: true, events: [] };
  }

  private callContract(
    state: ChainState,
    origin: string,
    call: RuntimeCall,
    blockNumber: number,
  ): DispatchOutcome {
    const isRevive = call.section === 'revive';
    const [destArg, valueArg, , , dataArg] = call.args;
    const destBytes = destArg!.toU8a();
    if (!isRevive && destBytes[0] !== 0) {
      return { ok: false, error: { CannotLookup: null } };
    }
    const result: ContractCallResult = this.host.call(
      state,
      {
        pallet: isRevive ? 'revive' : 'contracts',
        origin,
        dest: u8aToHex(isRevive ? destBytes : destBytes.subarray(1)),
        value: BigInt(valueArg!.toString()),
        input: dataArg!.toU8a(true),
      },
      blockNumber,
    );
    const section = isRevive ? 'revive' : 'contracts';
    if (result.kind === 'failed') {
      return this.moduleError(section, result.error);
    }
    if (result.flags !== 0) {
      return this.moduleError(section, 'ContractReverted');
    }
    const events: Uint8Array[] = [];
    const recordTopics: Uint8Array[][] = [];
    for (const transfer of result.transfers) {
      events.push(
        this.event('balances', 'Transfer', [transfer.from, transfer.to, transfer.amount]),
      );
      recordTopics.push([]);
    }
    for (const emitted of result.events) {
      if (isRevive) {
        events.push(
          this.event('revive', 'ContractEmitted', [
            emitted.contract,
            u8aToHex(emitted.data),
            emitted.topics.map((t) => u8aToHex(t)),
          ]),
        );
        recordTopics.push([]);
      } else {
        events.push(
          this.event('contracts', 'ContractEmitted', [emitted.contract, u8aToHex(emitted.data)]),
        );
        recordTopics.push(emitted.topics);
      }
    }
    if (!isRevive) {
      events.push(
        this.event('contracts', 'Called', [{ Signed: origin }, u8aToHex(destBytes.subarray(1))]),
      );
      recordTopics.push([]);
    }
    return { ok: true, events, recordTopics };
  }

  private moduleError(section: string, name: string): DispatchOutcome {
    return { ok: false, error: moduleErrorJson(this.runtime, { section, name }) };
  }

  private event(section: string, method: string, args: unknown[]): Uint8Array {
    return encodeRuntimeEvent(this.runtime, section, method, args);
  }

  private record(index: number, event: Uint8Array, topics: Uint8Array[] = []): EventRecordParts {
    return { phase: { applyExtrinsic: index }, event, topics };
  }
}
