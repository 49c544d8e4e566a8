import type { Bytes, Vec } from '@polkadot/types';
import type { EventRecord, H256 } from '@polkadot/types/interfaces';
import type { Codec } from '@polkadot/types/types';
import { u8aToHex } from '@polkadot/util';
import type { RawContractEvent } from '../chain-client';
import type { BlockRef } from '../../shared';
import type { ContractAddressBook } from '../contract-address-book';
import type { ContractPallet } from '../../contracts';

/**
 * Picks `revive.ContractEmitted` and `contracts.ContractEmitted` of the configured contracts out
 * of a block's `System.Events`, keeping their position as `eventIndex`.
 */
export function extractContractEvents(
  records: readonly EventRecord[],
  block: BlockRef,
  book: ContractAddressBook,
): RawContractEvent[] {
  const events: RawContractEvent[] = [];
  records.forEach((record, eventIndex) => {
    const { event, phase } = record;
    const pallet = emittingPallet(event.section, event.method);
    if (pallet === null) {
      return;
    }
    const [contractField, dataField, topicsField] = event.data as unknown as Codec[];
    if (contractField === undefined || dataField === undefined) {
      return;
    }
    const entry = book.find(pallet, contractField.toU8a());
    if (entry === undefined) {
      return;
    }
    const ownTopics = pallet === 'revive' ? hexList(topicsField as Vec<H256> | undefined) : [];
    events.push({
      block: { number: block.number, hash: block.hash.toLowerCase() },
      eventIndex,
      extrinsicIndex: phase.isApplyExtrinsic ? phase.asApplyExtrinsic.toNumber() : null,
      pallet,
      contract: entry.name,
      contractAddress: entry.address,
      data: u8aToHex((dataField as Bytes).toU8a(true)),
      topics: ownTopics.length > 0 ? ownTopics : hexList(record.topics),
    });
  });
  return events;
}

function emittingPallet(section: string, method: string): ContractPallet | null {
  if (method !== 'ContractEmitted') {
    return null;
  }
  return section === 'revive' || section === 'contracts' ? section : null;
}

function hexList(list: Vec<H256> | undefined): string[] {
  return list === undefined ? [] : list.map((topic) => topic.toHex().toLowerCase());
}
