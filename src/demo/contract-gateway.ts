import type { ApiPromise } from '@polkadot/api';
import { ContractPromise } from '@polkadot/api-contract';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord, WeightV2 } from '@polkadot/types/interfaces';
import type { Codec } from '@polkadot/types/types';
import { CONTRACT_NAMES, CONTRACT_PALLET, loadAbiJson, type ContractName } from '../contracts';
import { describeDispatchError, sendAndWait, type WaitFor } from './send-and-wait';

/** Where each contract lives: an H160 for the revive contracts, an SS58 / AccountId hex otherwise. */
export type WalletContractAddresses = Readonly<Record<ContractName, string>>;

/** A contract event decoded with the contract's ABI (abi.decodeEvent). */
export interface ContractEvent {
  contract: ContractName;
  /** the event label, e.g. `JobSubmitted` */
  name: string;
  /** camelCase field -> plain value: integers as bigint, addresses and hashes as lowercase hex */
  args: Record<string, unknown>;
}

export interface CallResult {
  blockHash: string;
  events: ContractEvent[];
}

/**
 * A dry run refused the call: it trapped, or the message returned its failure sentinel
 * (false / 0 / None). Nothing was submitted, so no fee or value was spent.
 */
export class WalletRefusedError extends Error {
  constructor(
    readonly contract: ContractName,
    readonly messageName: string,
    readonly reason: string,
  ) {
    super(`refused ${contract}.${messageName}: ${reason}; nothing was submitted`);
    this.name = 'WalletRefusedError';
  }
}

export interface CallRequest {
  contract: ContractName;
  /** the Polkadot.js (camelCase) message name, e.g. `submitJob` */
  message: string;
  args: unknown[];
  /** native planck sent with the call */
  value?: bigint;
}

const EMITTED_BY_PALLET = { revive: 'revive', contracts: 'contracts' } as const;

/** The six contracts behind Polkadot.js ContractPromise, with dry-run-first calls. */
export class ContractGateway {
  private readonly contracts: Record<ContractName, ContractPromise>;
  private readonly gasLimit: WeightV2;

  constructor(
    private readonly api: ApiPromise,
    addresses: WalletContractAddresses,
  ) {
    this.gasLimit = api.registry.createType<WeightV2>('WeightV2', {
      refTime: 1e11,
      proofSize: 1e6,
    });
    this.contracts = Object.fromEntries(
      CONTRACT_NAMES.map((name) => [
        name,
        new ContractPromise(api, loadAbiJson(name), addresses[name]),
      ]),
    ) as Record<ContractName, ContractPromise>;
  }

  /** Dry-runs a message as `origin` and returns its Ok value (no failure-sentinel check). */
  async read(origin: string, request: CallRequest): Promise<Codec> {
    const { contract, message, args, value = 0n } = request;
    const query = this.contracts[contract].query[message];
    if (!query) {
      throw new Error(`${contract} has no message ${message}`);
    }
    const outcome = await query(origin, { gasLimit: this.gasLimit, value }, ...args);
    if (outcome.result.isErr) {
      throw new WalletRefusedError(
        contract,
        message,
        `dry run failed: ${describeDispatchError(this.api, outcome.result.asErr)}`,
      );
    }
    if (outcome.result.asOk.flags.isRevert) {
      throw new WalletRefusedError(contract, message, 'dry run reverted');
    }
    return unwrapInkResult(contract, message, outcome.output);
  }

  /**
   * Dry-runs with the same args and value, refuses on a trap or a false / 0 / None return,
   * then signs, submits and waits. Returns the dry-run value, the block and the decoded events.
   */
  async call(
    signer: KeyringPair,
    request: CallRequest,
    waitFor: WaitFor,
  ): Promise<CallResult & { returned: Codec }> {
    const { contract, message, args, value = 0n } = request;
    const returned = await this.read(signer.address, request);
    if (returned.isEmpty) {
      throw new WalletRefusedError(
        contract,
        message,
        `the contract would return ${returned.toString() || 'None'}`,
      );
    }
    const tx = this.contracts[contract].tx[message];
    if (!tx) {
      throw new Error(`${contract} has no message ${message}`);
    }
    const extrinsic = tx({ gasLimit: this.gasLimit, value, storageDepositLimit: null }, ...args);
    const outcome = await sendAndWait(this.api, extrinsic, signer, waitFor);
    return { blockHash: outcome.blockHash, events: this.decodeEvents(outcome.events), returned };
  }

  /** Decodes the ContractEmitted records of our six contracts; others are skipped. */
  decodeEvents(records: readonly EventRecord[]): ContractEvent[] {
    const events: ContractEvent[] = [];
    for (const record of records) {
      if (record.event.method !== 'ContractEmitted') {
        continue;
      }
      const emitter = record.event.data[0];
      const name = CONTRACT_NAMES.find(
        (candidate) =>
          EMITTED_BY_PALLET[CONTRACT_PALLET[candidate]] === record.event.section &&
          emitter !== undefined &&
          this.contracts[candidate].address.eq(emitter),
      );
      if (!name) {
        continue;
      }
      const decoded = this.contracts[name].abi.decodeEvent(record);
      const args: Record<string, unknown> = {};
      decoded.event.args.forEach((param, index) => {
        const codec = decoded.args[index];
        args[param.name] = codec === undefined ? undefined : toPlain(codec);
      });
      const label = decoded.event.identifier.split('::').pop() ?? decoded.event.identifier;
      events.push({ contract: name, name: label, args });
    }
    return events;
  }
}

/** The `T` of an ink! `Result<T, LangError>` return. */
function unwrapInkResult(contract: ContractName, message: string, output: Codec | null): Codec {
  if (output === null) {
    throw new WalletRefusedError(contract, message, 'dry run returned no output');
  }
  const result = output as Codec & { isOk?: boolean; asOk?: Codec; isErr?: boolean };
  if (result.isErr === true) {
    throw new WalletRefusedError(contract, message, `LangError ${output.toString()}`);
  }
  return result.isOk === true && result.asOk ? result.asOk : output;
}

/** A codec as a plain value: integers (incl. U256) as bigint, strings and hex lowercase as-is. */
export function toPlain(codec: Codec): unknown {
  const maybeInt = codec as Codec & { toBigInt?: () => bigint };
  if (typeof maybeInt.toBigInt === 'function') {
    return maybeInt.toBigInt();
  }
  const json = codec.toPrimitive();
  if (isU256Limbs(json)) {
    return json.reduceRight((acc, limb) => (acc << 64n) + BigInt(limb), 0n);
  }
  return typeof json === 'string' && json.startsWith('0x') ? json.toLowerCase() : json;
}

function isU256Limbs(value: unknown): value is (number | string)[] {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    value.every((limb) => typeof limb === 'number' || typeof limb === 'string')
  );
}
