/**
 * Prunes a v15 runtime metadata (in its `toJSON()` shape) to the pallets and runtime APIs a node
 * implements: the other pallets, their variants in the runtime's aggregate enums
 * (`RuntimeCall`, `RuntimeEvent`, `RuntimeHoldReason`, …), the APIs not kept, every type no longer
 * reachable, and all docs are dropped; the types left are renumbered densely. Pallet and variant
 * indexes are kept, so every call, event and storage key of a kept pallet encodes exactly as
 * with the full metadata (devnet/runtime/prune-metadata.spec.ts checks it).
 *
 * Why: the kitchensink metadata the devnet serves has 85 pallets and 1,128 types (685 kB); every
 * Polkadot.js client pays for decoding and decorating all of it when it connects (ADR 0020).
 */

/** A type reference in the metadata's portable registry. */
type TypeId = number;

interface Field {
  name: string | null;
  type: TypeId;
  typeName: string | null;
  docs: string[];
}

interface Variant {
  name: string;
  fields: Field[];
  index: number;
  docs: string[];
}

type TypeDef =
  | { composite: { fields: Field[] } }
  | { variant: { variants: Variant[] } }
  | { sequence: { type: TypeId } }
  | { array: { len: number; type: TypeId } }
  | { tuple: TypeId[] }
  | { primitive: string }
  | { compact: { type: TypeId } }
  | { bitSequence: { bitStoreType: TypeId; bitOrderType: TypeId } };

interface PortableType {
  id: TypeId;
  type: {
    path: string[];
    params: { name: string; type: TypeId | null }[];
    def: TypeDef;
    docs: string[];
  };
}

type StorageEntryType =
  { plain: TypeId } | { map: { hashers: unknown[]; key: TypeId; value: TypeId } };

interface Pallet {
  name: string;
  storage: {
    prefix: string;
    items: {
      name: string;
      modifier: string;
      type: StorageEntryType;
      fallback: string;
      docs: string[];
    }[];
  } | null;
  calls: { type: TypeId } | null;
  events: { type: TypeId } | null;
  constants: { name: string; type: TypeId; value: string; docs: string[] }[];
  errors: { type: TypeId } | null;
  index: number;
  docs: string[];
}

interface RuntimeApi {
  name: string;
  methods: {
    name: string;
    inputs: { name: string; type: TypeId }[];
    output: TypeId;
    docs: string[];
  }[];
  docs: string[];
}

export interface MetadataV15Json {
  lookup: { types: PortableType[] };
  pallets: Pallet[];
  extrinsic: {
    version: number;
    addressType: TypeId;
    callType: TypeId;
    signatureType: TypeId;
    extraType: TypeId;
    signedExtensions: { identifier: string; type: TypeId; additionalSigned: TypeId }[];
  };
  type: TypeId;
  apis: RuntimeApi[];
  outerEnums: { callType: TypeId; eventType: TypeId; errorType: TypeId };
  custom: { map: Record<string, { type: TypeId; value: string }> };
}

export interface PruneOptions {
  /** Pallet names as in the metadata (`System`, `Balances`, `Revive`, …). */
  readonly pallets: readonly string[];
  /** Runtime API names (`Core`, `ReviveApi`, …). */
  readonly apis: readonly string[];
  /** The first path segment of the runtime's own types, whose enums list pallets by name. */
  readonly runtimeCrate: string;
}

/** A type reference's new value: itself while the reachable types are collected, its new number after. */
type Remap = (id: TypeId) => TypeId;

function remapDef(def: TypeDef, map: Remap): TypeDef {
  const fields = (list: Field[]) => list.map((f) => ({ ...f, type: map(f.type), docs: [] }));
  if ('composite' in def) {
    return { composite: { fields: fields(def.composite.fields) } };
  }
  if ('variant' in def) {
    return {
      variant: {
        variants: def.variant.variants.map((v) => ({ ...v, fields: fields(v.fields), docs: [] })),
      },
    };
  }
  if ('sequence' in def) {
    return { sequence: { type: map(def.sequence.type) } };
  }
  if ('array' in def) {
    return { array: { len: def.array.len, type: map(def.array.type) } };
  }
  if ('tuple' in def) {
    return { tuple: def.tuple.map(map) };
  }
  if ('compact' in def) {
    return { compact: { type: map(def.compact.type) } };
  }
  if ('bitSequence' in def) {
    return {
      bitSequence: {
        bitStoreType: map(def.bitSequence.bitStoreType),
        bitOrderType: map(def.bitSequence.bitOrderType),
      },
    };
  }
  return def;
}

function remapType(type: PortableType['type'], map: Remap): PortableType['type'] {
  return {
    path: type.path,
    params: type.params.map((p) => ({ name: p.name, type: p.type === null ? null : map(p.type) })),
    def: remapDef(type.def, map),
    docs: [],
  };
}

function remapStorage(entry: StorageEntryType, map: Remap): StorageEntryType {
  return 'plain' in entry
    ? { plain: map(entry.plain) }
    : { map: { hashers: entry.map.hashers, key: map(entry.map.key), value: map(entry.map.value) } };
}

/** Everything outside the lookup, with its type references passed through `map`. */
function remapRoots(meta: MetadataV15Json, map: Remap): Omit<MetadataV15Json, 'lookup'> {
  const ref = <T extends { type: TypeId } | null>(value: T): T =>
    value === null ? value : { ...value, type: map(value.type) };
  return {
    pallets: meta.pallets.map((p) => ({
      name: p.name,
      storage:
        p.storage === null
          ? null
          : {
              prefix: p.storage.prefix,
              items: p.storage.items.map((item) => ({
                ...item,
                type: remapStorage(item.type, map),
                docs: [],
              })),
            },
      calls: ref(p.calls),
      events: ref(p.events),
      constants: p.constants.map((c) => ({ ...c, type: map(c.type), docs: [] })),
      errors: ref(p.errors),
      index: p.index,
      docs: [],
    })),
    extrinsic: {
      ...meta.extrinsic,
      addressType: map(meta.extrinsic.addressType),
      callType: map(meta.extrinsic.callType),
      signatureType: map(meta.extrinsic.signatureType),
      extraType: map(meta.extrinsic.extraType),
      signedExtensions: meta.extrinsic.signedExtensions.map((e) => ({
        identifier: e.identifier,
        type: map(e.type),
        additionalSigned: map(e.additionalSigned),
      })),
    },
    type: map(meta.type),
    apis: meta.apis.map((api) => ({
      name: api.name,
      methods: api.methods.map((m) => ({
        name: m.name,
        inputs: m.inputs.map((i) => ({ name: i.name, type: map(i.type) })),
        output: map(m.output),
        docs: [],
      })),
      docs: [],
    })),
    outerEnums: {
      callType: map(meta.outerEnums.callType),
      eventType: map(meta.outerEnums.eventType),
      errorType: map(meta.outerEnums.errorType),
    },
    custom: {
      map: Object.fromEntries(
        Object.entries(meta.custom.map).map(([key, value]) => [
          key,
          { ...value, type: map(value.type) },
        ]),
      ),
    },
  };
}

export function pruneMetadataV15(meta: MetadataV15Json, options: PruneOptions): MetadataV15Json {
  const keptPallets = new Set(options.pallets);
  const removedPallets = new Set(
    meta.pallets.map((p) => p.name).filter((n) => !keptPallets.has(n)),
  );
  const missing = options.pallets.filter((name) => !meta.pallets.some((p) => p.name === name));
  if (missing.length > 0) {
    throw new Error(`metadata has no pallet ${missing.join(', ')}`);
  }
  const byId = new Map(meta.lookup.types.map((t) => [t.id, t.type]));
  // the runtime's aggregate enums name their variants after pallets: drop the removed ones
  for (const [id, type] of byId) {
    if (type.path[0] === options.runtimeCrate && 'variant' in type.def) {
      const variants = type.def.variant.variants.filter((v) => !removedPallets.has(v.name));
      byId.set(id, { ...type, def: { variant: { variants } } });
    }
  }
  const roots: MetadataV15Json = {
    ...meta,
    pallets: meta.pallets.filter((p) => keptPallets.has(p.name)),
    apis: meta.apis.filter((api) => options.apis.includes(api.name)),
  };

  const reachable = new Set<TypeId>();
  const pending: TypeId[] = [];
  const reach: Remap = (id) => {
    if (!reachable.has(id)) {
      if (!byId.has(id)) {
        throw new Error(`metadata refers to type ${id}, which its lookup does not hold`);
      }
      reachable.add(id);
      pending.push(id);
    }
    return id;
  };
  remapRoots(roots, reach);
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    remapType(byId.get(id)!, reach);
  }

  const order = [...reachable].sort((a, b) => a - b);
  const renumbered = new Map(order.map((oldId, newId) => [oldId, newId]));
  const map: Remap = (id) => renumbered.get(id)!;
  return {
    lookup: {
      types: order.map((oldId) => ({ id: map(oldId), type: remapType(byId.get(oldId)!, map) })),
    },
    ...remapRoots(roots, map),
  };
}
