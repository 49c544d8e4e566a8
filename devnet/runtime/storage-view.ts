import type { StorageEntry } from '@polkadot/types/primitive/types';
import { compactStripLength, u8aToHex, hexToU8a } from '@polkadot/util';
import type { BlockRecord } from '../chain/block-record';
import type { ChainState } from '../chain/chain-state';
import type { RuntimeMetadata } from './runtime-metadata';

type ValueFn = (ctx: ViewContext, key: Uint8Array | undefined) => unknown;

interface ViewContext {
  block: BlockRecord;
  state: ChainState;
  canonicalHash(number: number): string | undefined;
}

interface Item {
  entry: StorageEntry;
  /** a map's key bytes after its hasher prefix; undefined for a plain item */
  value: ValueFn;
  /** for maps: every key present, for `state_getKeysPaged` */
  keys?: (ctx: ViewContext) => unknown[];
}

const HASHER_PREFIX: Record<string, number> = {
  Blake2_128Concat: 16,
  Twox64Concat: 8,
  Identity: 0,
};

/**
 * Serves `state_getStorage` and friends from a block's state: the storage items a Polkadot.js
 * client reads (System.Account/Number/Events/BlockHash…, Timestamp.Now, Balances.TotalIssuance,
 * Revive.OriginalAccount), encoded with the metadata's own value types.
 */
export class StorageView {
  private readonly items = new Map<string, Item>();

  constructor(private readonly runtime: RuntimeMetadata) {
    const q = runtime.decorated.query;
    const add = (entry: StorageEntry | undefined, value: ValueFn, keys?: Item['keys']) => {
      if (!entry) {
        throw new Error('storage item missing from metadata');
      }
      this.items.set(u8aToHex(entry.keyPrefix()), { entry, value, keys });
    };
    add(
      q['system']?.['account'],
      (ctx, key) => {
        const account = ctx.state.accounts.get(u8aToHex(key));
        return account
          ? {
              nonce: account.nonce,
              consumers: 0,
              providers: 1,
              sufficients: 0,
              data: { free: account.free, reserved: account.reserved, frozen: 0, flags: 0n },
            }
          : undefined;
      },
      (ctx) => [...ctx.state.accounts.keys()],
    );
    add(q['system']?.['number'], (ctx) => ctx.block.number);
    add(q['system']?.['parentHash'], (ctx) => ctx.block.parentHash);
    add(q['system']?.['events'], (ctx) => hexToU8a(ctx.block.eventsHex));
    add(q['system']?.['eventCount'], (ctx) => ctx.block.eventCount);
    add(q['system']?.['blockHash'], (ctx, key) => {
      const number = new DataView(key!.buffer, key!.byteOffset).getUint32(0, true);
      return number <= ctx.block.number ? ctx.canonicalHash(number) : undefined;
    });
    add(q['timestamp']?.['now'], (ctx) => ctx.state.timestamp);
    add(q['balances']?.['totalIssuance'], (ctx) => ctx.state.totalIssuance);
    add(
      q['revive']?.['originalAccount'],
      (ctx, key) => ctx.state.originalAccount.get(u8aToHex(key)),
      (ctx) => [...ctx.state.originalAccount.keys()],
    );
  }

  /** The SCALE value at `keyHex`, or null when nothing is stored there. */
  get(
    block: BlockRecord,
    state: ChainState,
    keyHex: string,
    canonicalHash: ViewContext['canonicalHash'],
  ): string | null {
    const key = hexToU8a(keyHex);
    const item = this.items.get(u8aToHex(key.subarray(0, 32)));
    if (!item) {
      return null;
    }
    const ctx = { block, state, canonicalHash };
    const type = item.entry.meta.type;
    if (type.isPlain) {
      return key.length === 32 ? this.encode(type.asPlain, item.value(ctx, undefined)) : null;
    }
    const hasher = type.asMap.hashers[0]!.toString();
    const rawKey = key.subarray(32 + (HASHER_PREFIX[hasher] ?? 0));
    const value = item.value(ctx, rawKey);
    return value === undefined ? null : this.encode(type.asMap.value, value);
  }

  /** Keys under `prefixHex` that hold a value (maps only), sorted, after `startKey`. */
  keys(
    block: BlockRecord,
    state: ChainState,
    prefixHex: string,
    canonicalHash: ViewContext['canonicalHash'],
  ): string[] {
    const prefix = prefixHex.toLowerCase();
    const ctx = { block, state, canonicalHash };
    const all: string[] = [];
    for (const item of this.items.values()) {
      for (const mapKey of item.keys?.(ctx) ?? []) {
        all.push(u8aToHex(compactStripLength(item.entry(mapKey))[1]));
      }
      if (!item.keys && item.entry.meta.type.isPlain) {
        all.push(u8aToHex(item.entry.keyPrefix()));
      }
    }
    return all.filter((k) => k.startsWith(prefix)).sort();
  }

  private encode(typeId: { toNumber(): number }, value: unknown): string | null {
    if (value === undefined || value === null) {
      return null;
    }
    if (value instanceof Uint8Array) {
      return u8aToHex(value);
    }
    return this.runtime.registry
      .createType(this.runtime.registry.createLookupType(typeId.toNumber()), value)
      .toHex();
  }
}
