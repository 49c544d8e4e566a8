/**
 * The catalogue against independent sources: the ABI files on disk, the spec text and blake2
 * recomputed here. Nothing below compares the codec with itself.
 */
import { blake2AsHex } from '@polkadot/util-crypto';
import { CONTRACT_SPECS } from './contract-catalogue';
import type { ScaleType } from './scale-type';
import { typeName } from './scale-type';
import {
  abiEvents,
  abiMessages,
  abiNamedType,
  DEPLOYED_ABI_FILES,
  readAbiFile,
} from './testing/abi-file';
import { CONTRACT_NAMES } from './types';

const ALL_ABI_FILES = [...Object.values(DEPLOYED_ABI_FILES), 'payment_escrow.json'];
const GENERATED_ABI_FILES = ALL_ABI_FILES.filter((f) => f !== 'payment_escrow.v6.json');

// Copied from spec/contracts.md §4.5 and §4.6.
const SPEC_ESCROW_V6_TOPICS = {
  'Deposited(u128,H160,H160,U256)':
    '0xad56e97eab0290d0e25b09e74dfea700623150b9f78944a88a0003a536e2fa32',
  'Released(u128,H160,U256)': '0x5b0178312f733dfca1a7bc3df5e64f992e3180152a50d130729d1eb921660685',
  'Refunded(u128,H160,U256)': '0x679797400f6a38caf83c1556c4210e8cd4347b35b2e345ed2f194cf0df004bbc',
  'ProviderSet(u128,H160)': '0x2e42af928a8e5bdd59c66505232de9477ebc59667936931af20fc8b0ef660e8e',
};
const SPEC_ESCROW_V5_TOPICS = {
  'Deposited(u128,AccountId,AccountId,u128)':
    '0xa311685a3b6a67326f0e6db6371dce69a629f2f60037c26c5beadb112bc01793',
  'Released(u128,AccountId,u128)':
    '0xbafc16fde4d31811cb303b5ff38084d9ae1bee04624949353ad3f7b049856bf0',
  'Refunded(u128,AccountId,u128)':
    '0x9523c15275bc6d9ffb83fa6a99282303afd198334bcd161de733df44a403b681',
  'ProviderSet(u128,AccountId)':
    '0x4ebd6d1dcd2d9f6974c1f75b717924c134ff423f2cd82525110f154c84f700b8',
};

function namedTypes(type: ScaleType, out = new Map<string, ScaleType>()): Map<string, ScaleType> {
  switch (type.kind) {
    case 'option':
    case 'vec':
      return namedTypes(type.inner, out);
    case 'tuple':
      type.items.forEach((t) => namedTypes(t, out));
      return out;
    case 'struct':
      out.set(type.name, type);
      type.fields.forEach((f) => namedTypes(f.type, out));
      return out;
    case 'enum':
      out.set(type.name, type);
      return out;
    default:
      return out;
  }
}

describe('selectors', () => {
  it.each(GENERATED_ABI_FILES)('every selector in %s is blake2b-256(label)[0..4]', (file) => {
    const messages = abiMessages(readAbiFile(file));
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect({ label: m.label, selector: blake2AsHex(m.label, 256).slice(0, 10) }).toEqual({
        label: m.label,
        selector: m.selector,
      });
    }
  });

  it('the six generated ABIs hold the 58 messages of spec §2.1 plus one `new` constructor each', () => {
    const messages = GENERATED_ABI_FILES.flatMap((f) => abiMessages(readAbiFile(f)));
    expect(messages.filter((m) => !m.isConstructor)).toHaveLength(58);
    expect(messages.filter((m) => m.isConstructor).map((m) => [m.label, m.selector])).toEqual(
      GENERATED_ABI_FILES.map(() => ['new', '0x9bae9d5e']),
    );
  });

  it('the stale escrow ABI has the same labels and selectors as the deployed v6 escrow', () => {
    const pick = (file: string) =>
      abiMessages(readAbiFile(file)).map((m) => [m.label, m.selector, m.payable, m.mutates]);
    expect(pick('payment_escrow.v6.json')).toEqual(pick('payment_escrow.json'));
  });
});

describe('signature topics', () => {
  it('all 29 topics of the generated ABIs recompute from "Name(T1,…)" with the ABI display names', () => {
    const events = GENERATED_ABI_FILES.flatMap((f) => abiEvents(readAbiFile(f)));
    expect(events).toHaveLength(29);
    for (const e of events) {
      const signature = `${e.label}(${e.args.map((a) => a.displayName).join(',')})`;
      expect({ signature, topic: blake2AsHex(signature, 256) }).toEqual({
        signature,
        topic: e.signatureTopic,
      });
    }
  });

  it('the escrow v6 topics recompute to the hex in spec §4.5, and so does the catalogue', () => {
    for (const [signature, hex] of Object.entries(SPEC_ESCROW_V6_TOPICS)) {
      expect(blake2AsHex(signature, 256)).toBe(hex);
    }
    expect(
      Object.fromEntries(
        CONTRACT_SPECS.paymentEscrow.events.map((e) => [e.signature, e.signatureTopic]),
      ),
    ).toEqual(SPEC_ESCROW_V6_TOPICS);
  });

  it('the stale v5 escrow topics recompute to spec §4.6 and to the stale ABI file', () => {
    const fromFile = abiEvents(readAbiFile('payment_escrow.json'))
      .map((e) => e.signatureTopic)
      .sort();
    for (const [signature, hex] of Object.entries(SPEC_ESCROW_V5_TOPICS)) {
      expect(blake2AsHex(signature, 256)).toBe(hex);
    }
    expect(Object.values(SPEC_ESCROW_V5_TOPICS).sort()).toEqual(fromFile);
  });
});

describe.each(CONTRACT_NAMES)('catalogue of %s against its ABI file', (contract) => {
  const spec = CONTRACT_SPECS[contract];
  const abi = readAbiFile(DEPLOYED_ABI_FILES[contract]);

  it('has the same messages, selectors, argument names and types, return types and flags', () => {
    const fromAbi = abiMessages(abi).map((m) => ({
      name: m.label,
      selector: m.selector,
      args: m.args.map((a) => `${a.label}: ${a.type}`),
      returnType: m.returnType,
      payable: m.payable,
      mutates: m.isConstructor ? true : m.mutates,
      isConstructor: m.isConstructor,
    }));
    const fromCatalogue = spec.messages.map((m) => ({
      name: m.name,
      selector: m.selector,
      args: m.args.map((a) => `${a.rustName}: ${typeName(a.type)}`),
      returnType: typeName(m.returnType),
      payable: m.payable,
      mutates: m.mutates,
      isConstructor: m.isConstructor,
    }));
    expect(sortByName(fromCatalogue)).toEqual(sortByName(fromAbi));
  });

  it('uses camelCase argument names', () => {
    for (const m of spec.messages) {
      for (const a of m.args) {
        expect(a.name).toBe(a.rustName.replace(/_(.)/g, (_x, c: string) => c.toUpperCase()));
      }
    }
  });

  it('has the same events, fields, topic flags and signature topics', () => {
    const fromAbi = abiEvents(abi).map((e) => ({
      name: e.label,
      topic: e.signatureTopic,
      fields: e.args.map((a) => `${a.label}: ${a.type}${a.indexed === true ? ' (topic)' : ''}`),
    }));
    const fromCatalogue = spec.events.map((e) => ({
      name: e.name,
      topic: e.signatureTopic,
      fields: e.fields.map(
        (f) => `${f.rustName}: ${typeName(f.type)}${f.indexed ? ' (topic)' : ''}`,
      ),
    }));
    expect(sortByName(fromCatalogue)).toEqual(sortByName(fromAbi));
  });

  it('lays out every struct and enum as the ABI does', () => {
    const types = new Map<string, ScaleType>();
    spec.messages.forEach((m) => namedTypes(m.returnType, types));
    spec.events.forEach((e) => e.fields.forEach((f) => namedTypes(f.type, types)));
    for (const [name, type] of types) {
      const ours =
        type.kind === 'struct'
          ? type.fields.map((f) => `${f.rustName}: ${typeName(f.type)}`)
          : type.kind === 'enum'
            ? type.variants.map((v, i) => `${i}:${v}`)
            : [];
      expect({ name, layout: ours }).toEqual({ name, layout: abiNamedType(abi, name) });
    }
  });
});

function sortByName<T extends { name: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.name.localeCompare(b.name));
}
