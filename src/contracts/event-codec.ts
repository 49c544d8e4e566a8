/**
 * Contract events (spec §2.4): topic[0] is the signature topic, then one topic per
 * `#[ink(topic)]` field (its SCALE encoding right-padded to 32 bytes, or blake2b-256 of it when
 * longer); `data` is the SCALE encoding of all fields in declaration order.
 */
import { u8aConcat, u8aEq, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { type BytesLike, toBytes } from './bytes';
import { STALE_ESCROW_V5_TOPICS } from './catalogue/payment-escrow';
import { CONTRACT_SPECS, getEventSpec, isContractName } from './contract-catalogue';
import type { EventSpec } from './contract-spec';
import { checkRecord, encodeValue } from './scale-codec';
import { ScaleReader } from './scale-reader';
import { CONTRACT_NAMES, type ContractEvent, type ContractName } from './types';

export interface EncodedEvent {
  data: Uint8Array;
  topics: Uint8Array[];
}

export type DecodeEventResult = { ok: true; event: ContractEvent } | { ok: false; reason: string };

/** Encodes an event as the contract emits it; invalid field values throw ContractCodecError. */
export function encodeEvent(event: ContractEvent): EncodedEvent {
  const spec = getEventSpec(event.contract, event.name);
  const field = `${event.contract}.${spec.name}`;
  const record = checkRecord(
    event.fields,
    spec.fields.map((f) => f.name),
    field,
    'event',
  );
  const encoded = spec.fields.map((f) => encodeValue(f.type, record[f.name], `${field}.${f.name}`));
  const topics = [toBytes(spec.signatureTopic, 'signature topic')];
  spec.fields.forEach((f, i) => {
    if (f.indexed) {
      topics.push(fieldTopic(encoded[i] ?? new Uint8Array()));
    }
  });
  return { data: u8aConcat(...encoded), topics };
}

/**
 * Decodes an event emitted by `contract`: dispatches on topic[0], decodes `data` and checks that
 * the topic fields agree with it. Never throws; every problem comes back as a failure reason.
 */
export function decodeEvent(
  contract: ContractName,
  data: BytesLike,
  topics: readonly BytesLike[],
): DecodeEventResult {
  try {
    return decodeEventOrFail(contract, data, topics);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
}

function decodeEventOrFail(
  contract: ContractName,
  data: BytesLike,
  topics: readonly BytesLike[],
): DecodeEventResult {
  if (!isContractName(contract)) {
    return fail(`unknown contract ${JSON.stringify(contract)}`);
  }
  if (!Array.isArray(topics) || topics.length === 0) {
    return fail(
      `${contract}: event has no topics (anonymous events are not emitted by these contracts)`,
    );
  }
  const topicBytes = topics.map((t: BytesLike, i) => toBytes(t, `topic[${i}]`));
  const badTopic = topicBytes.findIndex((t) => t.length !== 32);
  if (badTopic >= 0) {
    return fail(
      `${contract}: topic[${badTopic}] is ${topicBytes[badTopic]?.length ?? 0} bytes, expected 32`,
    );
  }
  const signature = u8aToHex(topicBytes[0]);
  const spec = CONTRACT_SPECS[contract].events.find((e) => e.signatureTopic === signature);
  if (!spec) {
    return fail(unknownTopicReason(contract, signature));
  }
  const indexed = spec.fields.filter((f) => f.indexed).length;
  if (topicBytes.length !== indexed + 1) {
    return fail(
      `${contract}.${spec.name}: expected ${indexed + 1} topics, got ${topicBytes.length}`,
    );
  }
  return decodeFields(contract, spec, toBytes(data, `${contract}.${spec.name} data`), topicBytes);
}

function decodeFields(
  contract: ContractName,
  spec: EventSpec,
  data: Uint8Array,
  topics: Uint8Array[],
): DecodeEventResult {
  const what = `${contract}.${spec.name}`;
  const reader = new ScaleReader(data);
  const fields: Record<string, unknown> = {};
  let topicIndex = 1;
  for (const f of spec.fields) {
    const start = data.length - reader.remaining;
    try {
      fields[f.name] = reader.read(f.type, `${what}.${f.name}`);
    } catch (err) {
      return fail(
        `${what}: data does not decode (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    if (f.indexed) {
      const expected = fieldTopic(data.subarray(start, data.length - reader.remaining));
      if (!u8aEq(expected, topics[topicIndex] ?? new Uint8Array())) {
        return fail(`${what}: topic[${topicIndex}] (${f.name}) does not match the data`);
      }
      topicIndex++;
    }
  }
  if (reader.remaining !== 0) {
    return fail(`${what}: data is too long (${reader.remaining} trailing byte(s))`);
  }
  // The catalogue (checked against every ABI by the golden tests) fixes the field names and types.
  return { ok: true, event: { contract, name: spec.name, fields } as unknown as ContractEvent };
}

function unknownTopicReason(contract: ContractName, topic: string): string {
  const stale = contract === 'paymentEscrow' ? STALE_ESCROW_V5_TOPICS.get(topic) : undefined;
  if (stale) {
    return `${contract}: stale v5 escrow layout (${stale}, the ink! 5 ABI); the deployed escrow emits the v6 H160/U256 events`;
  }
  const elsewhere = CONTRACT_NAMES.flatMap((c) =>
    CONTRACT_SPECS[c].events.filter((e) => e.signatureTopic === topic).map((e) => `${c}.${e.name}`),
  );
  const hint = elsewhere.length > 0 ? ` (it is ${elsewhere.join(', ')}; wrong contract?)` : '';
  return `${contract}: unknown event signature topic ${topic}${hint}`;
}

/** The topic of an `#[ink(topic)]` field from its SCALE encoding. */
export function fieldTopic(encoded: Uint8Array): Uint8Array {
  if (encoded.length > 32) {
    return blake2AsU8a(encoded, 256);
  }
  const topic = new Uint8Array(32);
  topic.set(encoded);
  return topic;
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
