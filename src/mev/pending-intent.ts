import type { Intent } from '../contracts';
import {
  objectWithKeys,
  openPayloadJson,
  payloadError,
  readU128,
  type FieldResult,
  type PayloadError,
  type PayloadForm,
  type PayloadKeys,
} from '../confidential';
import type { TokenPair } from './token-pair';

/** A Pending intent with its private input amount opened: what batching works on. */
export interface PendingIntent extends TokenPair {
  readonly intentId: bigint;
  /** Smallest units of `tokenIn` the user trades (from the intent payload; not on chain). */
  readonly amountIn: bigint;
  /** `min_output` from the chain: the least `tokenOut` the user accepts. */
  readonly minOutput: bigint;
}

/**
 * The JSON inside `encrypted_intent`, in either payload form of src/confidential (a `pmenc1:`
 * envelope to the service key, or base64 JSON, which hides nothing):
 * `{"amountIn":"<u128>","tokenIn":"…","tokenOut":"…","minOutput":"<u128>"}`, amounts as decimal
 * strings. The public fields repeat the chain's so a copied payload cannot be reused with other
 * terms: they must match `token_in`, `token_out` and `min_output` exactly.
 */
export interface IntentPayload extends TokenPair {
  readonly amountIn: bigint;
  readonly minOutput: bigint;
}

export function intentPayloadJson(payload: IntentPayload): {
  amountIn: string;
  tokenIn: string;
  tokenOut: string;
  minOutput: string;
} {
  return {
    amountIn: payload.amountIn.toString(),
    tokenIn: payload.tokenIn,
    tokenOut: payload.tokenOut,
    minOutput: payload.minOutput.toString(),
  };
}

export type OnChainIntent = Pick<
  Intent,
  'intentId' | 'encryptedIntent' | 'tokenIn' | 'tokenOut' | 'minOutput' | 'status'
>;

export type OpenedIntent =
  | { readonly ok: true; readonly form: PayloadForm; readonly intent: PendingIntent }
  | (PayloadError & { readonly intentId: bigint });

/** Opens one intent's payload and checks it against the chain's fields. Never throws. */
export function openIntent(intent: OnChainIntent, keys: PayloadKeys): OpenedIntent {
  const opened = openPayloadJson(intent.encryptedIntent, keys);
  if (!opened.ok) {
    return { ...opened, intentId: intent.intentId };
  }
  const payload = validateIntentPayload(opened.json, intent);
  if (!payload.ok) {
    return { ...payloadError('invalid-fields', payload.reason), intentId: intent.intentId };
  }
  return {
    ok: true,
    form: opened.form,
    intent: {
      intentId: intent.intentId,
      tokenIn: intent.tokenIn,
      tokenOut: intent.tokenOut,
      minOutput: intent.minOutput,
      amountIn: payload.value,
    },
  };
}

export interface OpenedIntents {
  /** Batchable intents, in the order given. */
  readonly pending: PendingIntent[];
  /** Pending intents whose payload could not be opened or does not match the chain. */
  readonly rejected: (PayloadError & { readonly intentId: bigint })[];
}

/** Opens every Pending intent; intents in any other status are not candidates and are skipped. */
export function openPendingIntents(
  intents: Iterable<OnChainIntent>,
  keys: PayloadKeys,
): OpenedIntents {
  const pending: PendingIntent[] = [];
  const rejected: OpenedIntents['rejected'] = [];
  for (const intent of intents) {
    if (intent.status !== 'Pending') {
      continue;
    }
    const opened = openIntent(intent, keys);
    if (opened.ok) {
      pending.push(opened.intent);
    } else {
      rejected.push(opened);
    }
  }
  return { pending, rejected };
}

const FIELDS = ['amountIn', 'tokenIn', 'tokenOut', 'minOutput'] as const;

/** The payload's `amountIn` (at least 1) when its other fields match the chain's. */
function validateIntentPayload(json: unknown, chain: OnChainIntent): FieldResult<bigint> {
  const object = objectWithKeys(json, FIELDS);
  if (!object.ok) {
    return object;
  }
  const fields = object.value;
  const missing = FIELDS.filter((name) => !Object.hasOwn(fields, name));
  if (missing.length > 0) {
    return { ok: false, reason: `missing field(s) ${missing.join(', ')}` };
  }
  const amountIn = readU128(fields['amountIn'], 'amountIn', { min: 1n });
  if (!amountIn.ok) {
    return amountIn;
  }
  const minOutput = readU128(fields['minOutput'], 'minOutput');
  if (!minOutput.ok) {
    return minOutput;
  }
  const mismatches = [
    fields['tokenIn'] === chain.tokenIn ? null : 'tokenIn differs from token_in',
    fields['tokenOut'] === chain.tokenOut ? null : 'tokenOut differs from token_out',
    minOutput.value === chain.minOutput ? null : 'minOutput differs from min_output',
  ].filter((m): m is string => m !== null);
  return mismatches.length > 0
    ? {
        ok: false,
        reason: `the payload does not match the intent on chain: ${mismatches.join('; ')}`,
      }
    : amountIn;
}
