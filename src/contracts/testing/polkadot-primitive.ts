import { toSs58 } from '../address';
import type { ScaleType } from '../scale-type';

/** What Polkadot.js `toPrimitive()` gives for one of our values (AccountId as SS58, big ints as strings). */
export function polkadotPrimitive(type: ScaleType, value: unknown): unknown {
  switch (type.kind) {
    case 'u64':
    case 'u128':
    case 'u256': {
      const n = value as bigint;
      return n < 2n ** 52n ? Number(n) : n.toString();
    }
    case 'accountId':
      return toSs58(value as string);
    case 'option':
      return value === null ? null : polkadotPrimitive(type.inner, value);
    case 'vec':
      return (value as unknown[]).map((v) => polkadotPrimitive(type.inner, v));
    case 'tuple':
      return type.items.map((t, i) => polkadotPrimitive(t, (value as unknown[])[i]));
    case 'struct':
      return Object.fromEntries(
        type.fields.map((f) => [
          f.name,
          polkadotPrimitive(f.type, (value as Record<string, unknown>)[f.name]),
        ]),
      );
    case 'unit':
      return null;
    default:
      return value;
  }
}
