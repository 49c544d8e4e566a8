import v8 from 'node:v8';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a } from '@polkadot/util-crypto';
import { encodeEventRecords, type EventRecordParts } from '../runtime/event-encoding';
import type { Executive } from '../runtime/executive';
import type { RuntimeMetadata } from '../runtime/runtime-metadata';
import {
  checkExtrinsic,
  type CheckedExtrinsic,
  type InvalidTransaction,
} from '../runtime/transaction-validity';
import type { BlockRecord } from './block-record';
import { cloneState, type ChainState } from './chain-state';

export interface BuildInput {
  parent: BlockRecord;
  parentState: ChainState;
  genesisHash: string;
  timestamp: bigint;
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

/** Builds one block on `parent`: the timestamp inherent, then every candidate that is valid now. */
export class BlockBuilder {
  constructor(
    private readonly runtime: RuntimeMetadata,
    private readonly executive: Executive,
  ) {}

  build(input: BuildInput): BuildOutput {
    const number = input.parent.number + 1;
    let state = cloneState(input.parentState);
    const records: EventRecordParts[] = [];
    const extrinsics: string[] = [this.timestampInherent(input.timestamp)];
    records.push(...this.executive.applyTimestamp(state, input.timestamp, 0));
    const output: Omit<BuildOutput, 'block'> = { included: [], rejected: [], deferred: [] };
    const pending = [...input.candidates].sort((a, b) => a.nonce - b.nonce);
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const candidate of [...pending]) {
        const check = checkExtrinsic(this.runtime, candidate.bytes, {
          state,
          genesisHash: input.genesisHash,
          bestNumber: input.parent.number,
          blockHashAt: (n) => input.blockHashAt(n),
          isSignatureChecked: true,
        });
        if (check.ok && check.isFuture) {
          continue;
        }
        pending.splice(pending.indexOf(candidate), 1);
        if (!check.ok) {
          output.rejected.push({ xt: candidate, error: check.error });
          continue;
        }
        const index = extrinsics.length;
        const applied = this.executive.applySigned(state, check.xt, index, number);
        state = applied.state;
        records.push(...applied.events);
        extrinsics.push(u8aToHex(candidate.bytes));
        output.included.push({ xt: candidate, index, success: applied.success });
        progressed = true;
      }
    }
    output.deferred = pending;
    records.push(...(input.extraEvents ?? []));
    const eventsHex = u8aToHex(encodeEventRecords(records));
    const header = this.runtime.registry.createType('Header', {
      parentHash: input.parent.hash,
      number,
      stateRoot: blake2AsHex(v8.serialize(state), 256),
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

  private timestampInherent(now: bigint): string {
    const call = this.runtime.registry.createType('Call', { callIndex: [3, 0], args: { now } });
    return this.runtime.registry.createType('Extrinsic', { method: call }).toHex();
  }
}

export function genesisBlock(runtime: RuntimeMetadata, state: ChainState): BlockRecord {
  const header = runtime.registry.createType('Header', {
    parentHash: new Uint8Array(32),
    number: 0,
    stateRoot: blake2AsHex(v8.serialize(state), 256),
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
