/** Field readers for payload JSON: each gives the value or a reason it was refused. */
export type FieldResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export const MAX_U128 = (1n << 128n) - 1n;

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/** The object's own fields when `json` is a plain object whose keys are all in `allowed`. */
export function objectWithKeys(
  json: unknown,
  allowed: readonly string[],
): FieldResult<Readonly<Record<string, unknown>>> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'the payload JSON must be an object' };
  }
  const unknown = Object.keys(json).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    return {
      ok: false,
      reason: `unknown field(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}; allowed: ${allowed.join(', ')}`,
    };
  }
  return { ok: true, value: json as Readonly<Record<string, unknown>> };
}

/**
 * A u128 given as a decimal string without leading zeros or, when `allowNumber`, as a safe
 * integer JSON number (the web frontend writes `jobId` as a number).
 */
export function readU128(
  value: unknown,
  name: string,
  options: { readonly allowNumber?: boolean; readonly min?: bigint } = {},
): FieldResult<bigint> {
  const min = options.min ?? 0n;
  let parsed: bigint | null = null;
  if (typeof value === 'string' && value.length <= 39 && DECIMAL.test(value)) {
    parsed = BigInt(value);
  } else if (
    options.allowNumber === true &&
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= 0
  ) {
    parsed = BigInt(value);
  }
  const form = options.allowNumber === true ? 'an integer or a decimal string' : 'a decimal string';
  if (parsed === null || parsed > MAX_U128) {
    return { ok: false, reason: `${name} must be ${form} of a u128` };
  }
  if (parsed < min) {
    return { ok: false, reason: `${name} must be at least ${min}` };
  }
  return { ok: true, value: parsed };
}

export function readNonEmptyString(value: unknown, name: string): FieldResult<string> {
  return typeof value === 'string' && value !== ''
    ? { ok: true, value }
    : { ok: false, reason: `${name} must be a non-empty string` };
}

/** Exactly one of the `names` (aliases of one field) must be present. */
export function readAliased(
  fields: Readonly<Record<string, unknown>>,
  names: readonly [string, ...string[]],
): FieldResult<{ name: string; value: unknown }> {
  const present = names.filter((name) => Object.hasOwn(fields, name));
  if (present.length !== 1) {
    return {
      ok: false,
      reason:
        present.length === 0
          ? `missing field ${names.join(' or ')}`
          : `give only one of ${present.join(', ')}`,
    };
  }
  const name = present[0] as string; // length checked above
  return { ok: true, value: { name, value: fields[name] } };
}
