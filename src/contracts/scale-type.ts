/**
 * Descriptors of the SCALE types used by the six contracts. They drive the hand-written codec
 * (scale-codec.ts) and print as the Rust type names used in event signatures (`typeName`).
 */
export type ScaleType =
  | { readonly kind: 'unit' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'u8' }
  | { readonly kind: 'u32' }
  | { readonly kind: 'u64' }
  | { readonly kind: 'u128' }
  | { readonly kind: 'u256' }
  | { readonly kind: 'string' }
  | { readonly kind: 'h160' }
  | { readonly kind: 'accountId' }
  | { readonly kind: 'option'; readonly inner: ScaleType }
  | { readonly kind: 'vec'; readonly inner: ScaleType }
  | { readonly kind: 'tuple'; readonly items: readonly ScaleType[] }
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly StructField[] }
  | { readonly kind: 'enum'; readonly name: string; readonly variants: readonly string[] };

export interface StructField {
  /** camelCase name used in TS values. */
  readonly name: string;
  /** snake_case name as in the Rust source and the ABI. */
  readonly rustName: string;
  readonly type: ScaleType;
}

/** Bit widths of the unsigned integer kinds. */
export const UINT_BITS = { u8: 8, u32: 32, u64: 64, u128: 128, u256: 256 } as const;

export const T = {
  unit: { kind: 'unit' },
  bool: { kind: 'bool' },
  u8: { kind: 'u8' },
  u32: { kind: 'u32' },
  u64: { kind: 'u64' },
  u128: { kind: 'u128' },
  u256: { kind: 'u256' },
  string: { kind: 'string' },
  h160: { kind: 'h160' },
  accountId: { kind: 'accountId' },
} as const satisfies Record<string, ScaleType>;

export function option(inner: ScaleType): ScaleType {
  return { kind: 'option', inner };
}

export function vec(inner: ScaleType): ScaleType {
  return { kind: 'vec', inner };
}

export function tuple(...items: ScaleType[]): ScaleType {
  return { kind: 'tuple', items };
}

/** A struct from `[rust_field_name, type]` pairs in SCALE (declaration) order. */
export function struct(
  name: string,
  fields: ReadonlyArray<readonly [string, ScaleType]>,
): ScaleType {
  return {
    kind: 'struct',
    name,
    fields: fields.map(([rustName, type]) => ({ name: camelCase(rustName), rustName, type })),
  };
}

/** A field-less enum; variant i has SCALE index i. */
export function unitEnum(name: string, variants: readonly string[]): ScaleType {
  return { kind: 'enum', name, variants };
}

/** `model_ref` -> `modelRef`. */
export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** The Rust spelling of a type, as used in ink! event signatures: `u128`, `H160`, `Option<H160>`. */
export function typeName(type: ScaleType): string {
  switch (type.kind) {
    case 'unit':
      return '()';
    case 'bool':
    case 'u8':
    case 'u32':
    case 'u64':
    case 'u128':
      return type.kind;
    case 'u256':
      return 'U256';
    case 'string':
      return 'String';
    case 'h160':
      return 'H160';
    case 'accountId':
      return 'AccountId';
    case 'option':
      return `Option<${typeName(type.inner)}>`;
    case 'vec':
      return `Vec<${typeName(type.inner)}>`;
    case 'tuple':
      return `(${type.items.map(typeName).join(',')})`;
    case 'struct':
    case 'enum':
      return type.name;
  }
}
