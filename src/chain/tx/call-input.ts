import {
  decodeReturn,
  encodeCall,
  getMessageSpec,
  type ContractName,
  type ScaleType,
} from '../../contracts';
import type { DryRunResult, Weight } from '..';

/** Arguments as stored in the outbox: JSON, with u64/u128/U256 as decimal strings. */
export type StoredArgs = unknown;

/** Thrown for arguments that cannot be encoded: a permanent failure of the action. */
export class InvalidActionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidActionError';
  }
}

/** The snake_case label of a message given in either spelling (`markCompleted`, `mark_completed`). */
export function messageLabel(contract: ContractName, message: string): string {
  try {
    return getMessageSpec(contract, message).name;
  } catch (err) {
    throw new InvalidActionError(`unknown message ${contract}.${message}`, { cause: err });
  }
}

/** Selector + SCALE arguments for a stored action, converting JSON values to the codec's types. */
export function encodeStoredCall(
  contract: ContractName,
  message: string,
  args: StoredArgs,
): Uint8Array {
  const spec = getMessageSpec(contract, messageLabel(contract, message));
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new InvalidActionError(`${contract}.${spec.name}: args must be an object`);
  }
  const record = args as Record<string, unknown>;
  const typed: Record<string, unknown> = {};
  for (const arg of spec.args) {
    typed[arg.name] = fromJson(arg.type, record[arg.name]);
  }
  try {
    return encodeCall(contract, spec.name, typed);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new InvalidActionError(`${contract}.${spec.name}: ${reason}`, { cause: err });
  }
}

function fromJson(type: ScaleType, value: unknown): unknown {
  switch (type.kind) {
    case 'u64':
    case 'u128':
    case 'u256':
      return typeof value === 'string' && /^\d+$/.test(value)
        ? BigInt(value)
        : typeof value === 'number' && Number.isSafeInteger(value)
          ? BigInt(value)
          : value;
    case 'u8':
    case 'u32':
      return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    case 'option':
      return value === null || value === undefined ? null : fromJson(type.inner, value);
    case 'vec':
      return Array.isArray(value) ? value.map((item) => fromJson(type.inner, item)) : value;
    case 'tuple':
      return Array.isArray(value)
        ? value.map((item, i) => convertItem(type.items[i], item))
        : value;
    case 'struct': {
      if (typeof value !== 'object' || value === null) {
        return value;
      }
      const record = value as Record<string, unknown>;
      return Object.fromEntries(type.fields.map((f) => [f.name, fromJson(f.type, record[f.name])]));
    }
    default:
      return value;
  }
}

function convertItem(type: ScaleType | undefined, value: unknown): unknown {
  return type === undefined ? value : fromJson(type, value);
}

export type DryRunVerdict =
  | { readonly ok: true; readonly gasRequired: Weight; readonly storageDeposit: bigint }
  | { readonly ok: false; readonly reason: string };

/**
 * Judges a dry run the way spec §2.1 asks: a trap, a revert, a LangError or a failure sentinel
 * (`false`, `0`, `None`) means the call must not be submitted.
 */
export function judgeDryRun(
  contract: ContractName,
  message: string,
  result: DryRunResult,
): DryRunVerdict {
  const label = messageLabel(contract, message);
  if (!result.ok) {
    return { ok: false, reason: `dry run failed: ${result.error}` };
  }
  if (result.isReverted) {
    return { ok: false, reason: 'dry run reverted' };
  }
  let decoded;
  try {
    decoded = decodeReturn(contract, label, result.data);
  } catch (err) {
    return { ok: false, reason: `undecodable return data: ${String(err)}` };
  }
  if (!decoded.ok) {
    return { ok: false, reason: `contract answered LangError::${decoded.error}` };
  }
  const spec = getMessageSpec(contract, label);
  const value = decoded.value;
  if (spec.returnType.kind !== 'unit' && (value === false || value === 0n || value === null)) {
    return { ok: false, reason: `${contract}.${label} would return ${String(value ?? 'None')}` };
  }
  return { ok: true, gasRequired: result.gasRequired, storageDeposit: result.storageDeposit };
}

/** Gas and storage deposit for the call: what the dry run needed plus `marginPercent`. */
export function withGasMargin(
  verdict: Extract<DryRunVerdict, { ok: true }>,
  marginPercent: number,
): { readonly gasLimit: Weight; readonly storageDepositLimit: bigint } {
  const margin = (n: bigint) => (n * BigInt(100 + marginPercent)) / 100n;
  return {
    gasLimit: {
      refTime: margin(verdict.gasRequired.refTime),
      proofSize: margin(verdict.gasRequired.proofSize),
    },
    storageDepositLimit: margin(verdict.storageDeposit),
  };
}
