import { hexToU8a, u8aToHex } from '@polkadot/util';
import {
  accountIdFromH160,
  decodeCall,
  encodeEvent,
  encodeReturn,
  h160FromAccountId,
  isEthDerived,
  LANG_ERROR_COULD_NOT_READ_INPUT,
  CONTRACT_PALLET,
  NATIVE_TO_ETH_RATIO,
  type ContractName,
  type ContractPallet,
} from '../../src/contracts';
import { accountOf, writableContract, type ChainState } from '../chain/chain-state';
import { CONTRACT_MODELS } from '../contracts';
import type { CallContext, ContractModel } from '../contracts/contract-model';

/** Where each contract lives: H160 for revive contracts, AccountId32 hex for pallet-contracts ones. */
export type ContractAddresses = Record<ContractName, string>;

export interface ContractCallRequest {
  pallet: ContractPallet;
  /** AccountId32 hex of the signer */
  origin: string;
  /** H160 (revive) or AccountId32 hex (contracts) */
  dest: string;
  /** native planck sent with the call */
  value: bigint;
  input: Uint8Array;
}

export interface EmittedContractEvent {
  pallet: ContractPallet;
  /** H160 or AccountId32 hex of the emitting contract */
  contract: string;
  data: Uint8Array;
  topics: Uint8Array[];
}

export interface BalanceTransfer {
  from: string;
  to: string;
  amount: bigint;
}

export type ContractCallResult =
  | {
      kind: 'returned';
      /** 1 = REVERT (ink! LangError): the runtime rolled every change back */
      flags: number;
      data: Uint8Array;
      events: EmittedContractEvent[];
      transfers: BalanceTransfer[];
    }
  | { kind: 'failed'; error: string; events: []; transfers: [] };

export interface ContractHostOptions {
  addresses: ContractAddresses;
  /** pallet-revive refuses calls from accounts that never called `map_account` */
  requireAccountMapping: boolean;
}

/** Executes contract calls against the TypeScript contract models, the way the two pallets would. */
export class ContractHost {
  private readonly byAddress = new Map<string, ContractName>();

  constructor(private readonly options: ContractHostOptions) {
    for (const [name, address] of Object.entries(options.addresses) as [ContractName, string][]) {
      this.byAddress.set(`${CONTRACT_PALLET[name]}:${address.toLowerCase()}`, name);
    }
  }

  contractAt(pallet: ContractPallet, address: string): ContractName | undefined {
    return this.byAddress.get(`${pallet}:${address.toLowerCase()}`);
  }

  /** Where a contract lives: H160 (revive) or AccountId32 hex (pallet-contracts). */
  contractAddress(name: ContractName): string {
    return this.options.addresses[name];
  }

  /** The AccountId32 that holds a contract's native balance. */
  contractAccount(name: ContractName): string {
    const address = this.options.addresses[name];
    return CONTRACT_PALLET[name] === 'revive' ? accountIdFromH160(address) : address;
  }

  /** H160 the revive pallet sees for a Substrate account. */
  addressOf(accountId: string): string {
    return h160FromAccountId(accountId);
  }

  /**
   * As pallet-revive's AccountId32Mapper: an eth-derived account (H160 + 12 × 0xEE) needs no
   * mapping; any other must have called `map_account`.
   */
  isMapped(state: ChainState, accountId: string): boolean {
    return (
      isEthDerived(accountId) || state.originalAccount.get(this.addressOf(accountId)) === accountId
    );
  }

  /**
   * Runs one call on `state`, which the caller owns: on success it holds the new state, on any
   * failure or revert its changes must be thrown away by the caller (pass a clone).
   */
  call(state: ChainState, request: ContractCallRequest, blockNumber: number): ContractCallResult {
    const name = this.contractAt(request.pallet, request.dest);
    if (!name) {
      return failed('ContractNotFound');
    }
    if (
      request.pallet === 'revive' &&
      this.options.requireAccountMapping &&
      !this.isMapped(state, request.origin)
    ) {
      return failed('AccountUnmapped');
    }
    const contractAccount = this.contractAccount(name);
    const transfers: BalanceTransfer[] = [];
    if (request.value > 0n) {
      if (!moveBalance(state, request.origin, contractAccount, request.value)) {
        return failed('TransferFailed');
      }
      transfers.push({ from: request.origin, to: contractAccount, amount: request.value });
    }
    const decoded = decodeCall(name, request.input);
    if (!decoded) {
      return {
        kind: 'returned',
        flags: 1,
        data: LANG_ERROR_COULD_NOT_READ_INPUT,
        events: [],
        transfers: [],
      };
    }
    const isRevive = request.pallet === 'revive';
    const ctx: CallContext = {
      caller: (isRevive ? this.addressOf(request.origin) : request.origin) as `0x${string}`,
      value: isRevive ? request.value * NATIVE_TO_ETH_RATIO : request.value,
      blockNumber,
      timestamp: isRevive ? state.timestamp / 1000n : state.timestamp,
      transfer: (to, amount) => {
        const native = isRevive ? toNative(amount) : amount;
        const recipient = isRevive ? this.accountForH160(state, to) : to;
        if (native === undefined || !moveBalance(state, contractAccount, recipient, native)) {
          return false;
        }
        transfers.push({ from: contractAccount, to: recipient, amount: native });
        return true;
      },
    };
    const model = CONTRACT_MODELS[name] as ContractModel<unknown>;
    const contractState = writableContract(state, name);
    const outcome = model.call(contractState, ctx, decoded.message, decoded.args);
    if (outcome.kind === 'trapped') {
      return failed('ContractTrapped');
    }
    const address = this.options.addresses[name].toLowerCase();
    return {
      kind: 'returned',
      flags: 0,
      data: encodeReturn(name, decoded.message, outcome.value),
      events: outcome.events.map((event) => ({
        pallet: request.pallet,
        contract: address,
        ...encodeEvent(event),
      })),
      transfers,
    };
  }

  /** pallet-revive pays an H160 to its original account when mapped, else to its fallback account. */
  private accountForH160(state: ChainState, h160: string): string {
    return state.originalAccount.get(h160.toLowerCase()) ?? accountIdFromH160(h160);
  }
}

function failed(error: string): ContractCallResult {
  return { kind: 'failed', error, events: [], transfers: [] };
}

function toNative(contractUnits: bigint): bigint | undefined {
  return contractUnits % NATIVE_TO_ETH_RATIO === 0n
    ? contractUnits / NATIVE_TO_ETH_RATIO
    : undefined;
}

export function moveBalance(state: ChainState, from: string, to: string, amount: bigint): boolean {
  const source = accountOf(state, from);
  if (amount < 0n || source.free < amount) {
    return false;
  }
  state.accounts.set(from, { ...source, free: source.free - amount });
  const target = accountOf(state, to);
  state.accounts.set(to, { ...target, free: target.free + amount });
  return true;
}

export function hexBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? hexToU8a(value) : value;
}

export function hex(value: Uint8Array): string {
  return u8aToHex(value);
}
