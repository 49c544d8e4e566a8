import { decodeEvent, type ContractEvent } from '../../contracts';
import type { NewChainEvent, NewQuarantinedEvent } from './follower-store';
import type { RawContractEvent } from '..';

export interface DecodedBlockEvents {
  events: NewChainEvent[];
  decoded: ContractEvent[];
  quarantined: NewQuarantinedEvent[];
}

/** Decodes a block's raw contract events; what cannot be decoded is quarantined with the reason. */
export function decodeBlockEvents(
  raw: readonly RawContractEvent[],
  isFinal: boolean,
): DecodedBlockEvents {
  const out: DecodedBlockEvents = { events: [], decoded: [], quarantined: [] };
  for (const event of raw) {
    const common = {
      block: { number: event.block.number, hash: event.block.hash },
      eventIndex: event.eventIndex,
      extrinsicIndex: event.extrinsicIndex,
      isFinal,
      pallet: event.pallet,
      contractAddress: event.contractAddress,
      topics: event.topics,
      dataHex: event.data,
    };
    const result = decodeEvent(event.contract, event.data, event.topics);
    if (!result.ok) {
      out.quarantined.push({ ...common, reason: `${event.contract}: ${result.reason}` });
      continue;
    }
    out.decoded.push(result.event);
    out.events.push({
      ...common,
      contract: event.contract,
      eventName: result.event.name,
      decoded: result.event.fields,
    });
  }
  return out;
}
