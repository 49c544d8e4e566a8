import type { ChainState } from './chain-state';

/** A produced block with everything the RPC layer serves about it. Hashes are lowercase hex. */
export interface BlockRecord {
  hash: string;
  number: number;
  parentHash: string;
  /** SCALE-encoded header */
  headerHex: string;
  /** SCALE-encoded extrinsics, inherent first */
  extrinsics: string[];
  /** SCALE-encoded `Vec<EventRecord>` (System.Events) */
  eventsHex: string;
  eventCount: number;
  /** post-state; dropped for old finalized blocks to bound memory (then queries at them fail) */
  state: ChainState | null;
}
