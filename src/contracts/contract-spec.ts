/**
 * The message and event catalogue model: what each contract accepts and emits, independent of
 * any ABI file (spec/contracts.md §3–§8; the escrow uses the deployed v6 layout of §4).
 */
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { camelCase, type ScaleType, T, typeName } from './scale-type';
import type { ContractName, ContractPallet } from './types';

export type Hex = `0x${string}`;

export interface ArgSpec {
  /** camelCase, the key in `encodeCall` args. */
  readonly name: string;
  /** snake_case as in the Rust source / ABI `label`. */
  readonly rustName: string;
  readonly type: ScaleType;
}

export interface MessageSpec {
  /** snake_case label as in the ABI, e.g. `submit_job`; constructors are `new`. */
  readonly name: string;
  readonly selector: Hex;
  readonly args: readonly ArgSpec[];
  /** `T` of the `Result<T, LangError>` the contract returns; `unit` for constructors. */
  readonly returnType: ScaleType;
  /** Constructors count as mutating. */
  readonly mutates: boolean;
  readonly payable: boolean;
  readonly isConstructor: boolean;
}

export interface EventFieldSpec extends ArgSpec {
  /** `#[ink(topic)]`: the field also gets its own topic. */
  readonly indexed: boolean;
}

export interface EventSpec {
  readonly name: string;
  readonly fields: readonly EventFieldSpec[];
  /** `Name(T1,T2,…)` with the Rust type names. */
  readonly signature: string;
  /** blake2b-256 of `signature`. */
  readonly signatureTopic: Hex;
}

export interface ContractSpec {
  readonly name: ContractName;
  /** snake_case crate name, e.g. `ai_job_queue`. */
  readonly crate: string;
  readonly pallet: ContractPallet;
  readonly messages: readonly MessageSpec[];
  readonly events: readonly EventSpec[];
}

export const CONSTRUCTOR_SELECTOR: Hex = '0x9bae9d5e';

type ArgList = ReadonlyArray<readonly [string, ScaleType]>;

function args(list: ArgList): ArgSpec[] {
  return list.map(([rustName, type]) => ({ name: camelCase(rustName), rustName, type }));
}

/** Every constructor in these contracts is `new` with selector 0x9bae9d5e. */
export function constructorSpec(list: ArgList = []): MessageSpec {
  return {
    name: 'new',
    selector: CONSTRUCTOR_SELECTOR,
    args: args(list),
    returnType: T.unit,
    mutates: true,
    payable: false,
    isConstructor: true,
  };
}

export function messageSpec(
  name: string,
  selector: Hex,
  list: ArgList,
  returnType: ScaleType,
  flags: { mutates?: boolean; payable?: boolean } = {},
): MessageSpec {
  return {
    name,
    selector,
    args: args(list),
    returnType,
    mutates: flags.mutates ?? false,
    payable: flags.payable ?? false,
    isConstructor: false,
  };
}

/** An event from `[rust_field_name, type, 'topic'?]` triples in declaration order. */
export function eventSpec(
  name: string,
  fields: ReadonlyArray<readonly [string, ScaleType, 'topic'?]>,
): EventSpec {
  const specs = fields.map(([rustName, type, topic]) => ({
    name: camelCase(rustName),
    rustName,
    type,
    indexed: topic === 'topic',
  }));
  const signature = `${name}(${specs.map((f) => typeName(f.type)).join(',')})`;
  return { name, fields: specs, signature, signatureTopic: signatureTopic(signature) };
}

/** blake2b-256 of an event signature string such as `JobSubmitted(u128,H160,u128)`. */
export function signatureTopic(signature: string): Hex {
  return u8aToHex(blake2AsU8a(signature, 256));
}
