import type { AccountIdHex, H160 } from '../../src/contracts';
import { U128_MAX, U32_MAX, U64_MAX, U8_MAX } from './contract-model';

/** The on-chain type of one message argument, in the value conventions of src/contracts/types.ts. */
export type ArgKind =
  'u8' | 'u32' | 'u64' | 'u128' | 'bool' | 'string' | 'h160' | 'accountId' | 'u128[]';

interface ArgKindValue {
  u8: number;
  u32: number;
  u64: bigint;
  u128: bigint;
  bool: boolean;
  string: string;
  h160: H160;
  accountId: AccountIdHex;
  'u128[]': bigint[];
}

export type ArgSchema = Readonly<Record<string, ArgKind>>;
export type ArgsOf<S extends ArgSchema> = { -readonly [K in keyof S]: ArgKindValue[S[K]] };

const H160_PATTERN = /^0x[0-9a-fA-F]{40}$/;
const ACCOUNT_ID_PATTERN = /^0x[0-9a-fA-F]{64}$/;

/** Validates an address and returns it in the canonical lowercase form; throws naming `where`. */
export function parseAddress(
  kind: 'h160' | 'accountId',
  value: unknown,
  where: string,
): `0x${string}` {
  const pattern = kind === 'h160' ? H160_PATTERN : ACCOUNT_ID_PATTERN;
  if (typeof value !== 'string' || !pattern.test(value)) {
    const expected = kind === 'h160' ? '0x + 40 hex (H160)' : '0x + 64 hex (AccountId)';
    throw new Error(`${where}: expected ${expected}, got ${describe(value)}`);
  }
  return value.toLowerCase() as `0x${string}`;
}

/**
 * Checks `args` against `schema` (exactly these names, each of its type) and returns them typed.
 * Addresses come back lowercase. Throws an Error naming `label` (contract.message) and the argument.
 */
export function readArgs<const S extends ArgSchema>(
  label: string,
  args: Record<string, unknown>,
  schema: S,
): ArgsOf<S> {
  if (typeof args !== 'object' || args === null) {
    throw new Error(`${label}: args must be an object, got ${describe(args)}`);
  }
  const extra = Object.keys(args).filter((name) => !Object.hasOwn(schema, name));
  if (extra.length > 0) {
    throw new Error(`${label}: unexpected argument(s) ${extra.join(', ')}`);
  }
  const out: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(schema)) {
    if (!Object.hasOwn(args, name)) {
      throw new Error(`${label}: missing argument ${name}`);
    }
    out[name] = parseArg(kind, args[name], `${label}: argument ${name}`);
  }
  return out as ArgsOf<S>;
}

function parseArg(kind: ArgKind, value: unknown, where: string): unknown {
  switch (kind) {
    case 'u8':
      return parseNumber(value, U8_MAX, where, 'u8');
    case 'u32':
      return parseNumber(value, U32_MAX, where, 'u32');
    case 'u64':
      return parseBigint(value, U64_MAX, where, 'u64');
    case 'u128':
      return parseBigint(value, U128_MAX, where, 'u128');
    case 'bool':
      if (typeof value !== 'boolean') {
        throw new Error(`${where}: expected a boolean, got ${describe(value)}`);
      }
      return value;
    case 'string':
      if (typeof value !== 'string') {
        throw new Error(`${where}: expected a string, got ${describe(value)}`);
      }
      return value;
    case 'h160':
    case 'accountId':
      return parseAddress(kind, value, where);
    case 'u128[]':
      if (!Array.isArray(value)) {
        throw new Error(`${where}: expected an array of u128 bigints, got ${describe(value)}`);
      }
      return value.map((item: unknown, i) => parseBigint(item, U128_MAX, `${where}[${i}]`, 'u128'));
  }
}

function parseNumber(value: unknown, max: number, where: string, type: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${where}: expected a ${type} number (0..${max}), got ${describe(value)}`);
  }
  return value;
}

function parseBigint(value: unknown, max: bigint, where: string, type: string): bigint {
  if (typeof value !== 'bigint' || value < 0n || value > max) {
    throw new Error(`${where}: expected a ${type} bigint (0..${max}), got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') {
    return `${value}n`;
  }
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- diagnostics only: an object shows as its own toString()
  return value === null ? 'null' : `${typeof value} ${String(value)}`;
}
