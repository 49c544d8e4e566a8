/**
 * An attestation verifier written from docs/adr/0010-attestation-v2-and-verifier-spec.md alone
 * ("the spec"; section numbers below are its own), as a third party would write it. It shares no
 * code with src/attestation: its own JSON rules, its own SCALE encoding, BLAKE2b from
 * @noble/hashes and sr25519 from @scure/sr25519 (the service uses @polkadot/wasm-crypto).
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { verify as sr25519Verify } from '@scure/sr25519';

/** §6: the reasons, in check order. */
export type SpecReason =
  | 'malformed-json'
  | 'no-attestation'
  | 'unsupported-version'
  | 'malformed-envelope'
  | 'malformed-signature'
  | 'wrong-key'
  | 'bad-signature';

export type SpecVerdict =
  | { readonly ok: true; readonly digest: string; readonly payload: string }
  | { readonly ok: false; readonly reason: SpecReason };

type Obj = Record<string, unknown>;

class Refusal extends Error {
  constructor(readonly reason: SpecReason) {
    super(reason);
  }
}

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: Obj, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** §6, checks 1 to 7. `pinnedKey` is the `--public-key` value, if any. */
export function verifyBySpec(document: Uint8Array, pinnedKey?: string): SpecVerdict {
  try {
    const signed = readForm(document); // checks 1-2
    const envelope = signed['envelope'];
    if (isObject(envelope) && has(envelope, 'version')) {
      const version = envelope['version'];
      if (version !== 1 && version !== 2) {
        throw new Refusal('unsupported-version'); // check 3
      }
    }
    const payload = payloadOf(envelope); // check 4
    const signature = signed['signature'];
    if (typeof signature !== 'string' || !isHex(signature, 64)) {
      throw new Refusal('malformed-signature'); // check 5
    }
    const key = (envelope as Obj)['workerPublicKey'] as string;
    if (pinnedKey !== undefined && pinnedKey.toLowerCase() !== key) {
      throw new Refusal('wrong-key'); // check 6
    }
    if (!sr25519Ok(payload, hexBytes(signature), hexBytes(key))) {
      throw new Refusal('bad-signature'); // check 7
    }
    return { ok: true, digest: toHex(blake2b(payload, { dkLen: 32 })), payload: toHex(payload) };
  } catch (err) {
    if (err instanceof Refusal) {
      return { ok: false, reason: err.reason };
    }
    throw err;
  }
}

/** §1: UTF-8 (no BOM skipping), JSON, then one of the two forms; the signed attestation object. */
function readForm(document: Uint8Array): Obj {
  let value: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(document);
    value = JSON.parse(text);
  } catch {
    throw new Refusal('malformed-json');
  }
  if (!isObject(value)) {
    throw new Refusal('malformed-json');
  }
  let signed: unknown = value;
  if (has(value, 'signed')) {
    if (value['signed'] === null) {
      throw new Refusal('no-attestation');
    }
    signed = value['signed'];
  }
  if (!isObject(signed) || !exactly(signed, ['envelope', 'signature'])) {
    throw new Refusal('malformed-json');
  }
  return signed;
}

/** §2-§4: the payload of a valid envelope; Refusal('malformed-envelope') otherwise. */
function payloadOf(envelope: unknown): Uint8Array {
  const bad = () => new Refusal('malformed-envelope');
  if (!isObject(envelope)) {
    throw bad();
  }
  const version = envelope['version'];
  const common = [
    'version',
    'genesisHash',
    'contract',
    'queueJobId',
    'inputDigest',
    'modelDigest',
    'outputDigest',
    'executor',
    'workerPublicKey',
    'block',
    'issuedAt',
  ];
  const members = [...common, version === 1 ? 'confidentialJobId' : 'confidential'];
  if ((version !== 1 && version !== 2) || !exactly(envelope, members)) {
    throw bad();
  }
  const executor = envelope['executor'];
  const block = envelope['block'];
  if (!isObject(executor) || !exactly(executor, ['name', 'version'])) {
    throw bad();
  }
  if (!isObject(block) || !exactly(block, ['number', 'hash'])) {
    throw bad();
  }
  let confidential: Uint8Array;
  if (version === 1) {
    const id = envelope['confidentialJobId'];
    confidential =
      id === null ? Uint8Array.of(0) : concat(Uint8Array.of(1), le(decimal(id, 128), 16));
  } else {
    const record = envelope['confidential'];
    if (record === null) {
      confidential = Uint8Array.of(0);
    } else if (isObject(record) && exactly(record, ['contract', 'jobId'])) {
      confidential = concat(
        Uint8Array.of(1),
        hex(record['contract'], 32),
        le(decimal(record['jobId'], 128), 16),
      );
    } else {
      throw bad();
    }
  }
  return concat(
    new TextEncoder().encode(`polkamesh-attestation:v${version}`),
    hex(envelope['genesisHash'], 32),
    hex(envelope['contract'], 20),
    le(decimal(envelope['queueJobId'], 128), 16),
    confidential,
    digest(envelope['inputDigest']),
    digest(envelope['modelDigest']),
    digest(envelope['outputDigest']),
    scaleText(executor['name']),
    scaleText(executor['version']),
    hex(envelope['workerPublicKey'], 32),
    le(decimal(block['number'], 64), 8),
    hex(block['hash'], 32),
    le(timeMs(envelope['issuedAt']), 8),
  );
}

function exactly(o: Obj, members: readonly string[]): boolean {
  const keys = Object.keys(o);
  return keys.length === members.length && members.every((m) => has(o, m));
}

/** §3.1 */
function isHex(value: string, bytes: number): boolean {
  return new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`).test(value);
}

function hex(value: unknown, bytes: number): Uint8Array {
  if (typeof value !== 'string' || !isHex(value, bytes)) {
    throw new Refusal('malformed-envelope');
  }
  return hexBytes(value);
}

/** §3.2 */
function decimal(value: unknown, bits: number): bigint {
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]*)$/.test(value)) {
    throw new Refusal('malformed-envelope');
  }
  const n = BigInt(value);
  if (n > (1n << BigInt(bits)) - 1n) {
    throw new Refusal('malformed-envelope');
  }
  return n;
}

/** §3.3 */
function digest(value: unknown): Uint8Array {
  if (typeof value !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(value)) {
    throw new Refusal('malformed-envelope');
  }
  return hexBytes(`0x${value.slice('sha256:'.length)}`);
}

/** §3.4 and the compact length of §4. */
function scaleText(value: unknown): Uint8Array {
  if (typeof value !== 'string') {
    throw new Refusal('malformed-envelope');
  }
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    if (unit <= 0x1f || (unit >= 0x7f && unit <= 0x9f)) {
      throw new Refusal('malformed-envelope'); // Cc
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) {
        throw new Refusal('malformed-envelope'); // high surrogate without its low half
      }
      i += 1;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      throw new Refusal('malformed-envelope'); // low surrogate alone
    }
  }
  if (value.normalize('NFC') !== value) {
    throw new Refusal('malformed-envelope');
  }
  const bytes = new TextEncoder().encode(value);
  const n = bytes.length;
  if (n < 1 || n > 128) {
    throw new Refusal('malformed-envelope');
  }
  const prefix =
    n <= 63 ? Uint8Array.of(n << 2) : Uint8Array.of(((n << 2) | 1) & 0xff, (n << 2) >> 8);
  return concat(prefix, bytes);
}

/** §3.5: the milliseconds of a valid time. */
function timeMs(value: unknown): bigint {
  const match =
    typeof value === 'string'
      ? /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3})Z$/.exec(
          value,
        )
      : null;
  if (match === null) {
    throw new Refusal('malformed-envelope');
  }
  const [year, month, day, hour, minute, second, ms] = match
    .slice(1, 8)
    .map((part) => Number(part)) as [number, number, number, number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const valid =
    year >= 1970 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= (days[month - 1] ?? 0) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  if (!valid) {
    throw new Refusal('malformed-envelope');
  }
  return BigInt(Date.UTC(year, month - 1, day, hour, minute, second, ms));
}

/** §5: sr25519, context "substrate", over the payload; a throw (bad point, no marker) is false. */
function sr25519Ok(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return sr25519Verify(message, signature, publicKey);
  } catch {
    return false;
  }
}

/** Unsigned little-endian integer of `width` bytes (§4). */
function le(value: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  for (let i = 0; i < width; i += 1) {
    out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  }
  return out;
}

function hexBytes(value: string): Uint8Array {
  return Uint8Array.from(Buffer.from(value.slice(2), 'hex'));
}

function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}
