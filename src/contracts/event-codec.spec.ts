import { Abi } from '@polkadot/api-contract';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { CONTRACT_SPECS } from './contract-catalogue';
import { decodeEvent, encodeEvent, fieldTopic } from './event-codec';
import { DEPLOYED_ABI_FILES, readAbiFile } from './testing/abi-file';
import { polkadotPrimitive } from './testing/polkadot-primitive';
import { SAMPLE_VARIANTS, sampleValue } from './testing/sample-value';
import { CONTRACT_NAMES, type ContractEvent, type ContractName } from './types';

const ALICE_H160 = '0x9621dde636de098b43efb0fa9b61facfe328f99d';

const cases = CONTRACT_NAMES.flatMap((contract) =>
  CONTRACT_SPECS[contract].events.flatMap((spec) =>
    SAMPLE_VARIANTS.map((variant) => {
      const fields = Object.fromEntries(
        spec.fields.map((f) => [f.name, sampleValue(f.type, variant)]),
      );
      const event = { contract, name: spec.name, fields } as unknown as ContractEvent;
      return { contract, spec, event, label: `${contract}.${spec.name} #${variant}` };
    }),
  ),
);

/** Topic of a u128 or H160 field, written out independently of the codec (spec §2.4). */
function expectedTopic(value: unknown): string {
  if (typeof value === 'bigint') {
    const le = value.toString(16).padStart(32, '0').match(/../g)?.reverse().join('') ?? '';
    return `0x${le}${'00'.repeat(16)}`;
  }
  return `${String(value)}${'00'.repeat(12)}`;
}

describe('spec §2.4 worked example', () => {
  it('encodes JobSubmitted{job 1, Alice, 1e18}', () => {
    const { data, topics } = encodeEvent({
      contract: 'aiJobQueue',
      name: 'JobSubmitted',
      fields: { jobId: 1n, owner: ALICE_H160, budget: 10n ** 18n },
    });
    expect(u8aToHex(data)).toBe(
      '0x' +
        '01000000000000000000000000000000' +
        '9621dde636de098b43efb0fa9b61facfe328f99d' +
        '000064a7b3b6e00d0000000000000000',
    );
    expect(topics.map((t) => u8aToHex(t))).toEqual([
      '0xc2735f0ed3badbe7ad644586d4255abcded3b584819f65507c222c78975255c5',
      '0x01' + '00'.repeat(31),
      `${ALICE_H160}${'00'.repeat(12)}`,
    ]);
  });

  it('hashes a topic field whose encoding is longer than 32 bytes', () => {
    const long = new Uint8Array(33).fill(7);
    expect(fieldTopic(long)).toEqual(blake2AsU8a(long, 256));
    expect(u8aToHex(fieldTopic(new Uint8Array([1, 2])))).toBe('0x0102' + '00'.repeat(30));
  });
});

describe('every event of every contract', () => {
  const abis = new Map(
    CONTRACT_NAMES.map((c) => [
      c,
      new Abi(readAbiFile(DEPLOYED_ABI_FILES[c]) as unknown as Record<string, unknown>),
    ]),
  );

  it('covers all 29 deployed events (25 as in the generated ABIs + the 4 escrow v6 ones)', () => {
    expect(new Set(cases.map((c) => `${c.contract}.${c.spec.name}`)).size).toBe(29);
  });

  it.each(cases)(
    '$label round-trips, with topics as spec §2.4 describes',
    ({ contract, spec, event }) => {
      const { data, topics } = encodeEvent(event);
      expect(decodeEvent(contract, data, topics)).toEqual({ ok: true, event });
      expect(
        decodeEvent(
          contract,
          u8aToHex(data),
          topics.map((t) => u8aToHex(t)),
        ),
      ).toEqual({ ok: true, event });

      const fields = event.fields as Record<string, unknown>;
      const indexed = spec.fields.filter((f) => f.indexed);
      expect(topics.map((t) => u8aToHex(t))).toEqual([
        spec.signatureTopic,
        ...indexed.map((f) => expectedTopic(fields[f.name])),
      ]);
    },
  );

  it.each(cases)(
    '$label data decodes the same with Polkadot.js Abi',
    ({ contract, spec, event }) => {
      const abi = abis.get(contract);
      const abiEvent = abi?.events.find((e) => e.signatureTopic === spec.signatureTopic);
      const decoded = abiEvent?.fromU8a(encodeEvent(event).data);
      const fields = event.fields as Record<string, unknown>;
      expect(decoded?.args.map((a) => a.toPrimitive())).toEqual(
        spec.fields.map((f) => polkadotPrimitive(f.type, fields[f.name])),
      );
    },
  );
});

describe('decodeEvent failures are reported, never thrown', () => {
  const submitted = encodeEvent({
    contract: 'aiJobQueue',
    name: 'JobSubmitted',
    fields: { jobId: 1n, owner: ALICE_H160, budget: 5n },
  });
  const decodeQueue = (data: Uint8Array | string, topics: Array<Uint8Array | string>) =>
    decodeEvent('aiJobQueue', data, topics);

  it.each([
    [
      'truncated data',
      () => decodeQueue(submitted.data.subarray(0, 40), submitted.topics),
      /JobSubmitted: data does not decode .*too short/,
    ],
    ['empty data', () => decodeQueue(new Uint8Array(), submitted.topics), /too short/],
    [
      'data that is too long',
      () => decodeQueue(new Uint8Array([...submitted.data, 0]), submitted.topics),
      /too long \(1 trailing byte/,
    ],
    [
      'an unknown topic',
      () => decodeQueue(submitted.data, [new Uint8Array(32).fill(9)]),
      /unknown event signature topic 0x0909/,
    ],
    ['no topics', () => decodeQueue(submitted.data, []), /no topics/],
    [
      'a missing topic field',
      () => decodeQueue(submitted.data, submitted.topics.slice(0, 2)),
      /expected 3 topics, got 2/,
    ],
    [
      'a 31-byte topic',
      () => decodeQueue(submitted.data, [submitted.topics[0] ?? '0x', new Uint8Array(31)]),
      /topic\[1\] is 31 bytes/,
    ],
    [
      'a topic that disagrees with the data',
      () =>
        decodeQueue(submitted.data, [
          submitted.topics[0] ?? '0x',
          new Uint8Array(32),
          submitted.topics[2] ?? '0x',
        ]),
      /topic\[1\] \(jobId\) does not match/,
    ],
    ['bad hex', () => decodeQueue('0xzz', submitted.topics), /expected bytes or 0x-prefixed hex/],
    [
      'the wrong contract',
      () => decodeEvent('dataNftRegistry', submitted.data, submitted.topics),
      /dataNftRegistry: unknown event signature topic .* \(it is aiJobQueue\.JobSubmitted; wrong contract\?\)/,
    ],
    [
      'an unknown contract',
      () => decodeEvent('nope' as ContractName, submitted.data, submitted.topics),
      /unknown contract "nope"/,
    ],
    [
      'non-array topics',
      () => decodeEvent('aiJobQueue', submitted.data, null as unknown as Uint8Array[]),
      /no topics/,
    ],
  ])('%s', (_what, run, reason) => {
    let result: ReturnType<typeof decodeEvent> | undefined;
    expect(() => (result = run())).not.toThrow();
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(reason) as unknown });
  });

  it('tells the Phala JobSubmitted apart from the queue JobSubmitted', () => {
    const phala = encodeEvent({
      contract: 'phalaJobProcessor',
      name: 'JobSubmitted',
      fields: { jobId: 1n },
    });
    expect(decodeEvent('aiJobQueue', phala.data, phala.topics)).toEqual({
      ok: false,
      reason: expect.stringMatching(/phalaJobProcessor\.JobSubmitted/) as unknown,
    });
  });

  it('reports the stale v5 escrow layout (spec §4.6) clearly', () => {
    const v5Deposited = hexToU8a(
      '0xa311685a3b6a67326f0e6db6371dce69a629f2f60037c26c5beadb112bc01793',
    );
    const data = new Uint8Array(16 + 32 + 32 + 16);
    const topics = [v5Deposited, new Uint8Array(32), new Uint8Array(32), new Uint8Array(32)];
    expect(decodeEvent('paymentEscrow', data, topics)).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /stale v5 escrow layout \(Deposited\(u128,AccountId,AccountId,u128\)/,
      ) as unknown,
    });
  });

  it('survives random bytes', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    const bytes = (n: number) => Uint8Array.from({ length: n }, rand);
    for (let i = 0; i < 500; i++) {
      const pick = cases[i % cases.length];
      if (!pick) {
        throw new Error('no event cases');
      }
      const topics = [
        hexToU8a(pick.spec.signatureTopic),
        ...pick.spec.fields.filter((f) => f.indexed).map(() => bytes(32)),
      ];
      const result = decodeEvent(pick.contract, bytes(rand() % 120), topics);
      expect(result.ok).toBe(false);
    }
  });
});

describe('encodeEvent validation', () => {
  it('rejects unknown events and bad field values, naming the field', () => {
    const bad = (event: unknown) => () => encodeEvent(event as ContractEvent);
    expect(bad({ contract: 'aiJobQueue', name: 'Deposited', fields: {} })).toThrow(
      /aiJobQueue has no event "Deposited"/,
    );
    expect(
      bad({
        contract: 'paymentEscrow',
        name: 'Released',
        fields: { jobId: 1n, provider: ALICE_H160, amount: 2n ** 256n },
      }),
    ).toThrow(/paymentEscrow\.Released\.amount: .* out of range for a 256-bit/);
    expect(
      bad({
        contract: 'aiJobQueue',
        name: 'JobStatusChanged',
        fields: { jobId: 1n, newStatus: 'Failed' },
      }),
    ).toThrow(
      /newStatus: expected one of Registered \| Assigned \| InProgress \| Completed \| Cancelled/,
    );
    expect(
      bad({ contract: 'aiJobQueue', name: 'JobCancelled', fields: { jobId: 1n, extra: 1 } }),
    ).toThrow(/unexpected extra/);
  });
});
