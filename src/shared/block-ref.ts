/** A block by number and hash (the vocabulary's "block ref"). `hash` is lowercase `0x` hex. */
export interface BlockRef {
  readonly number: bigint;
  readonly hash: string;
}
