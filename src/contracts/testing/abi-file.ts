/**
 * Independent reader of the ABI JSON files, for golden tests: it parses the raw files from disk
 * (not through loadAbiJson) and renders their types the way the catalogue names them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractName } from '../types';

export const ABI_DIR = join(__dirname, '..', '..', '..', 'abis');

/** The ABI file that describes each contract as deployed (the escrow's is hand-written, v6). */
export const DEPLOYED_ABI_FILES: Readonly<Record<ContractName, string>> = {
  aiJobQueue: 'ai_job_queue.json',
  paymentEscrow: 'payment_escrow.v6.json',
  computeProviderRegistry: 'compute_provider_registry.json',
  dataNftRegistry: 'data_nft_registry.json',
  phalaJobProcessor: 'phala_job_processor.json',
  mevProtection: 'mev_protection.json',
};

export interface AbiArg {
  label: string;
  type: string;
  displayName: string;
  indexed?: boolean;
}

export interface AbiMessage {
  label: string;
  selector: string;
  args: AbiArg[];
  /** T of the `Result<T, LangError>` return type. */
  returnType: string;
  mutates: boolean | undefined;
  payable: boolean;
  isConstructor: boolean;
}

export interface AbiEvent {
  label: string;
  signatureTopic: string;
  args: AbiArg[];
}

interface TypeSpec {
  type: number;
  displayName: string[];
}
interface RawType {
  id: number;
  type: {
    def: Record<string, unknown>;
    path?: string[];
    params?: Array<{ name: string; type: number }>;
  };
}
interface RawMessage {
  label: string;
  selector: string;
  args: Array<{ label: string; type: TypeSpec }>;
  returnType: TypeSpec;
  mutates?: boolean;
  payable: boolean;
}
interface RawEvent {
  label: string;
  signature_topic: string;
  args: Array<{ label: string; indexed: boolean; type: TypeSpec }>;
}
export interface RawAbi {
  version: number;
  source: { hash: string; language: string };
  types: RawType[];
  spec: { constructors: RawMessage[]; messages: RawMessage[]; events: RawEvent[] };
}

export function readAbiFile(file: string): RawAbi {
  return JSON.parse(readFileSync(join(ABI_DIR, file), 'utf8')) as RawAbi;
}

/** Renders ABI type `id` as `u128`, `String`, `H160`, `U256`, `Option<Job>`, `Vec<u128>`, `(u32,u128,bool)`. */
export function renderAbiType(abi: RawAbi, id: number): string {
  const entry = abi.types.find((t) => t.id === id);
  if (!entry) {
    throw new Error(`ABI has no type ${id}`);
  }
  const { def, path = [], params = [] } = entry.type;
  const name = path[path.length - 1];
  if (name === 'Option' || name === 'Result') {
    return `${name}<${params.map((p) => renderAbiType(abi, p.type)).join(',')}>`;
  }
  if (name) {
    return name;
  }
  const primitive = def['primitive'];
  if (typeof primitive === 'string') {
    return primitive === 'str' ? 'String' : primitive;
  }
  const sequence = def['sequence'] as { type: number } | undefined;
  if (sequence) {
    return `Vec<${renderAbiType(abi, sequence.type)}>`;
  }
  const tuple = def['tuple'] as number[] | undefined;
  if (tuple) {
    return `(${tuple.map((t) => renderAbiType(abi, t)).join(',')})`;
  }
  throw new Error(`cannot render ABI type ${id}: ${JSON.stringify(def)}`);
}

/** `Result<T,LangError>` -> `T`. */
function okType(abi: RawAbi, id: number): string {
  const rendered = renderAbiType(abi, id);
  const match = /^Result<(.*),LangError>$/.exec(rendered);
  if (!match?.[1]) {
    throw new Error(`return type ${rendered} is not Result<T, LangError>`);
  }
  return match[1];
}

export function abiMessages(abi: RawAbi): AbiMessage[] {
  const toMessage = (m: RawMessage, isConstructor: boolean): AbiMessage => ({
    label: m.label,
    selector: m.selector,
    args: m.args.map((a) => ({
      label: a.label,
      type: renderAbiType(abi, a.type.type),
      displayName: a.type.displayName.join('::'),
    })),
    returnType: okType(abi, m.returnType.type),
    mutates: m.mutates,
    payable: m.payable,
    isConstructor,
  });
  return [
    ...abi.spec.constructors.map((c) => toMessage(c, true)),
    ...abi.spec.messages.map((m) => toMessage(m, false)),
  ];
}

export function abiEvents(abi: RawAbi): AbiEvent[] {
  return abi.spec.events.map((e) => ({
    label: e.label,
    signatureTopic: e.signature_topic,
    args: e.args.map((a) => ({
      label: a.label,
      indexed: a.indexed,
      type: renderAbiType(abi, a.type.type),
      displayName: a.type.displayName[a.type.displayName.length - 1] ?? '',
    })),
  }));
}

/** Fields (`name: rendered type`) of a composite, or variants (`index:name`) of an enum, by path tail. */
export function abiNamedType(abi: RawAbi, name: string): string[] {
  const entry = abi.types.find((t) => t.type.path?.[t.type.path.length - 1] === name);
  if (!entry) {
    throw new Error(`ABI has no type named ${name}`);
  }
  const composite = entry.type.def['composite'] as
    { fields?: Array<{ name: string; type: number }> } | undefined;
  if (composite) {
    return (composite.fields ?? []).map((f) => `${f.name}: ${renderAbiType(abi, f.type)}`);
  }
  const variant = entry.type.def['variant'] as { variants: Array<{ index: number; name: string }> };
  return variant.variants.map((v) => `${v.index}:${v.name}`);
}
