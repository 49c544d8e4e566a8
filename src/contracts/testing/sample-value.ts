/**
 * Deterministic sample values for any ScaleType, for round-trip and cross-check tests.
 * Variant 0 is minimal (zeros, empty, None), 1 is maximal (type maxima, Some, non-ASCII text),
 * 2 is mid-sized (values and lengths that need multi-byte compact prefixes).
 */
import type { ScaleType } from '../scale-type';

export type SampleVariant = 0 | 1 | 2;
export const SAMPLE_VARIANTS: readonly SampleVariant[] = [0, 1, 2];

const MAX = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
const H160S = [
  '0x0000000000000000000000000000000000000000',
  '0x9621dde636de098b43efb0fa9b61facfe328f99d',
  '0xffeeddccbbaa99887766554433221100a0b0c0d0',
];
const ACCOUNT_IDS = [
  `0x${'00'.repeat(32)}`,
  '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
  `0x9621dde636de098b43efb0fa9b61facfe328f99d${'ee'.repeat(12)}`,
];
const STRINGS = ['', 'héllo ✓ 🚀 模型', `model:gpu:${'x'.repeat(70)}`];

export function sampleValue(type: ScaleType, variant: SampleVariant): unknown {
  switch (type.kind) {
    case 'unit':
      return null;
    case 'bool':
      return variant === 1;
    case 'u8':
      return [0, 255, 7][variant];
    case 'u32':
      return [0, 4_294_967_295, 1000][variant];
    case 'u64':
      return [0n, MAX(64), 1_731_456_000_000n][variant];
    case 'u128':
      return [0n, MAX(128), 10n ** 18n][variant];
    case 'u256':
      return [0n, MAX(256), 5n * 10n ** 30n + 1n][variant];
    case 'string':
      return STRINGS[variant];
    case 'h160':
      return H160S[variant];
    case 'accountId':
      return ACCOUNT_IDS[variant];
    case 'option':
      return variant === 0 ? null : sampleValue(type.inner, variant);
    case 'vec':
      return Array.from({ length: [0, 3, 70][variant] ?? 0 }, (_v, i) =>
        sampleValue(type.inner, (((i + variant) % 2) + 1) as SampleVariant),
      );
    case 'tuple':
      return type.items.map((item) => sampleValue(item, variant));
    case 'struct':
      return Object.fromEntries(type.fields.map((f) => [f.name, sampleValue(f.type, variant)]));
    case 'enum':
      return type.variants[
        variant === 0 ? 0 : variant === 1 ? type.variants.length - 1 : 2 % type.variants.length
      ];
  }
}
