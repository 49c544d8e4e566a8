import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a } from '@polkadot/util-crypto';
import { encodeEventRecords, type EventRecordParts } from '../runtime/event-encoding';
import type { Executive } from '../runtime/executive';
import type { RuntimeMetadata } from '../runtime/runtime-metadata';
import {
  recheckExtrinsic,
  type CheckedExtrinsic,
  type InvalidTransaction,
} from '../runtime/transaction-validity';
import type { BlockRecord } from './block-record';
import { forkState, sealState, type ChainState } from './chain-state';
import { stateRoot } from './state-root';

export interface BuildInput {
  parent: BlockRecord;
  /** the parent's state; never written, the block works on a fork of it */
  parentState: ChainState;
  /** changes made to the state before the block's extrinsics (dev_setBalance) */
  prepare?: (state: ChainState) => void;
  genesisHash: string;
  timestamp: bigint;
  /** extrinsics the pool checked (signature included); re-checked here against the block's state */
  candidates: CheckedExtrinsic[];
  /** distinguishes sibling blocks built on purpose (forks) */
  forkSeed?: number;
  /** records appended after the extrinsics' (dev_emitContractEvent) */
  extraEvents?: readonly EventRecordParts[];
  blockHashAt(number: number): string | undefined;
}

export interface BuildOutput {
  block: BlockRecord;
  included: { xt: CheckedExtrinsic; index: number; success: boolean }[];
  rejected: { xt: CheckedExtrinsic; error: InvalidTransaction }[];
  /** candidates whose nonce is still ahead of the account's */
  deferred: CheckedExtrinsic[];
}

type Included = BuildOutput['included'];

/** Builds one block on `parent`: the timestamp inherent, then every candidate that is valid now. */
export class BlockBuilder {
  constructor(
    private readonly runtime: RuntimeMetadata,
    private readonly executive: Executive,
  ) {}

  build(input: BuildInput): BuildOutput {
    const number = input.parent.number + 1;
    const begin = () => {
      const fresh = forkState(input.parentState);
      input.prepare?.(fresh);
      return { state: fresh, inherent: this.executive.applyTimestamp(fresh, input.timestamp, 0) };
    };
    const first = begin();
    let state = first.state;
    const records: EventRecordParts[] = [...first.inherent];
    const extrinsics: string[] = [this.timestampInherent(input.timestamp)];
    const output: Omit<BuildOutput, 'block'> = { included: [], rejected: [], deferred: [] };
    let pending = [...input.candidates].sort((a, b) => a.nonce - b.nonce);
    let progressed = pending.length > 0;
    while (progressed) {
      progressed = false;
      const deferred: CheckedExtrinsic[] = [];
      for (const candidate of pending) {
        const check = recheckExtrinsic(candidate, {
          state,
          genesisHash: input.genesisHash,
          bestNumber: input.parent.number,
          blockHashAt: (n) => input.blockHashAt(n),
        });
        if (check.ok && check.isFuture) {
          deferred.push(candidate);
          continue;
        }
        if (!check.ok) {
          output.rejected.push({ xt: candidate, error: check.error });
          continue;
        }
        const index = extrinsics.length;
        const applied = this.executive.applySigned(state, candidate, index, number);
        if (!applied.success) {
          // the failed call may have changed the state before failing: rebuild it without
          state = this.replay(begin, output.included, number);
          this.executive.chargeFee(state, candidate);
        }
        records.push(...applied.events);
        extrinsics.push(u8aToHex(candidate.bytes));
        output.included.push({ xt: candidate, index, success: applied.success });
        progressed = true;
      }
      pending = deferred;
    }
    output.deferred = pending;
    records.push(...(input.extraEvents ?? []));
    sealState(state);
    const eventsHex = u8aToHex(encodeEventRecords(records));
    const header = this.runtime.registry.createType('Header', {
      parentHash: input.parent.hash,
      number,
      stateRoot: stateRoot(state),
      extrinsicsRoot: blake2AsHex(u8aConcat(...extrinsics.map((x) => blake2AsU8a(x, 256))), 256),
      digest: {
        logs: input.forkSeed
          ? [{ Other: u8aToHex(new TextEncoder().encode(`fork:${input.forkSeed}`)) }]
          : [],
      },
    });
    return {
      ...output,
      block: {
        hash: header.hash.toHex(),
        number,
        parentHash: input.parent.hash,
        headerHex: header.toHex(),
        extrinsics,
        eventsHex,
        eventCount: records.length,
        state,
      },
    };
  }

  /**
   * The block's state with the extrinsics included so far applied again, failed ones charged
   * their fee only. Dispatch is deterministic, so this is the state before the failed call: the
   * price of a failure is a replay, and a successful call costs no copy of the state at all.
   */
  private replay(
    begin: () => { state: ChainState },
    included: Included,
    number: number,
  ): ChainState {
    const { state } = begin();
    for (const { xt, index, success } of included) {
      if (!success) {
        this.executive.chargeFee(state, xt);
      } else if (!this.executive.applySigned(state, xt, index, number).success) {
        throw new Error(`extrinsic ${xt.hash} failed on replay after succeeding`);
      }
    }
    return state;
  }

  private timestampInherent(now: bigint): string {
    const call = this.runtime.registry.createType('Call', { callIndex: [3, 0], args: { now } });
    return this.runtime.registry.createType('Extrinsic', { method: call }).toHex();
  }
}

export function genesisBlock(runtime: RuntimeMetadata, state: ChainState): BlockRecord {
  const header = runtime.registry.createType('Header', {
    parentHash: new Uint8Array(32),
    number: 0,
    stateRoot: stateRoot(state),
    extrinsicsRoot: blake2AsHex(new Uint8Array(), 256),
    digest: { logs: [] },
  });
  return {
    hash: header.hash.toHex(),
    number: 0,
    parentHash: u8aToHex(new Uint8Array(32)),
    headerHex: header.toHex(),
    extrinsics: [],
    eventsHex: u8aToHex(encodeEventRecords([])),
    eventCount: 0,
    state,
  };
}
