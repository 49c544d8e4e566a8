/**
 * The documents of test/vectors/attestation-v2.json `cases`, each with the verdict ADR 0010 gives
 * it, written by hand from the rules: every tampered field, wrong versions, bad times and text,
 * uppercase hex, bad integers and shapes, wrong keys and signatures, and the check order.
 */

/** `valid`, or the reason of the first failed check (ADR 0010 §Verification order). */
export type Expectation =
  | 'valid'
  | 'malformed-json'
  | 'no-attestation'
  | 'unsupported-version'
  | 'malformed-envelope'
  | 'malformed-signature'
  | 'wrong-key'
  | 'bad-signature';

/** One document (a JSON value, serialized with JSON.stringify, or raw text) and its verdict. */
export type VectorCase = {
  readonly name: string;
  readonly expect: Expectation;
  /** The pinned attestation key (`--public-key`), when the case pins one. */
  readonly publicKey?: string;
} & ({ readonly document: unknown } | { readonly text: string });

type Json = Record<string, unknown>;
interface Signed {
  readonly envelope: Json;
  readonly signature: string;
}

export interface CaseInputs {
  /** A valid signed v2 attestation (a confidential job), as JSON. */
  readonly signed: Signed;
  /** A valid signed v2 attestation by the other key (naming it), as JSON. */
  readonly otherSigned: Signed;
  readonly signerKey: string;
  readonly otherKey: string;
  /** The on-chain strings of `signed`. */
  readonly onChain: { resultHash: string; attestationProof: string; teeWorkerPubkey: string };
}

const REMOVE = Symbol('remove');
const U128_OVER = ((1n << 128n) + 0n).toString();
const U64_OVER = (1n << 64n).toString();

/** `signed` with the envelope value at `path` (dot-separated) replaced, or removed. */
function edit(signed: Signed, path: string, value: unknown): Json {
  const copy = structuredClone(signed) as { envelope: Json; signature: string };
  const keys = path.split('.');
  const last = keys.pop()!;
  let target: Json = copy.envelope;
  for (const key of keys) {
    target = target[key] as Json;
  }
  if (value === REMOVE) {
    delete target[last];
  } else {
    target[last] = value;
  }
  return copy;
}

function read(signed: Signed, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Json)[k], signed.envelope);
}

/** Flips the lowest bit of the last hex digit (still lowercase hex). */
function bump(hex: string): string {
  return `${hex.slice(0, -1)}${(parseInt(hex.slice(-1), 16) ^ 1).toString(16)}`;
}

function upper(hex: string): string {
  return hex.replace(/[a-f]/g, (c) => c.toUpperCase());
}

export function invalidCases(inputs: CaseInputs): VectorCase[] {
  const { signed, otherSigned, signerKey, otherKey, onChain } = inputs;
  const env = (path: string) => read(signed, path) as string;
  const cases: VectorCase[] = [];
  const add = (name: string, expect: Expectation, document: unknown, publicKey?: string) =>
    cases.push({ name, expect, document, ...(publicKey === undefined ? {} : { publicKey }) });
  const addText = (name: string, expect: Expectation, text: string) =>
    cases.push({ name, expect, text });
  const field = (name: string, expect: Expectation, path: string, value: unknown) =>
    add(`${path}: ${name}`, expect, edit(signed, path, value));

  // Valid documents.
  add('the signed attestation as it is', 'valid', signed);
  add('pinned to its own key', 'valid', signed, signerKey);
  add(
    'pinned key written in uppercase hex (compared case-insensitively)',
    'valid',
    signed,
    `0x${upper(signerKey.slice(2))}`,
  );
  const apiBody = {
    id: '42',
    signed,
    verification: { ok: true, digest: onChain.attestationProof.split(':')[2] },
    onChain: {
      confidentialJobId: '3',
      ...onChain,
      timestamp: '2026-11-28T09:16:00.000Z',
      attestationCount: 1,
      processed: true,
    },
    matchesOnChain: true,
    attestationPublicKey: signerKey,
  };
  add('the GET /jobs/:id/attestation body as it is', 'valid', apiBody, signerKey);
  add(
    'an API body whose on-chain record is another attestation (reported, not a rejection)',
    'valid',
    { ...apiBody, onChain: { ...apiBody.onChain, attestationProof: 'forged' } },
  );
  add('an API body whose server-side verification claims false (ignored)', 'valid', {
    ...apiBody,
    verification: { ok: false, reason: 'bad-signature', message: 'lies' },
  });
  add('envelope keys in another order', 'valid', {
    signature: signed.signature,
    envelope: Object.fromEntries(Object.entries(signed.envelope).reverse()),
  });
  addText('insignificant JSON whitespace', 'valid', JSON.stringify(signed, null, '\t'));
  add('a valid attestation by another key, not pinned', 'valid', otherSigned);

  // Tampered fields: well-formed, so the signature is checked and fails.
  const tamper: Array<[string, unknown]> = [
    ['genesisHash', bump(env('genesisHash'))],
    ['contract', bump(env('contract'))],
    ['queueJobId', '43'],
    ['confidential.contract', bump(env('confidential.contract'))],
    ['confidential.jobId', '4'],
    ['confidential', null],
    ['inputDigest', bump(env('inputDigest'))],
    ['modelDigest', bump(env('modelDigest'))],
    ['outputDigest', bump(env('outputDigest'))],
    ['executor.name', `${env('executor.name')}x`],
    ['executor.name', `${env('executor.name')}\u200b`],
    ['executor.version', '1.0.1'],
    ['workerPublicKey', otherKey],
    ['block.number', '1235'],
    ['block.hash', bump(env('block.hash'))],
    ['issuedAt', '2026-11-28T09:15:30.124Z'],
  ];
  for (const [path, value] of tamper) {
    field(`tampered to ${JSON.stringify(value)}`, 'bad-signature', path, value);
  }
  add('the signature of another envelope by another key', 'bad-signature', {
    ...signed,
    signature: otherSigned.signature,
  });
  add('an all-zero signature', 'bad-signature', { ...signed, signature: `0x${'00'.repeat(64)}` });
  add('a tampered envelope inside the API body', 'bad-signature', {
    ...apiBody,
    signed: edit(signed, 'queueJobId', '43'),
  });

  // Versions.
  for (const version of [3, 0, -1, 2.5, '2', null, true]) {
    field(`version ${JSON.stringify(version)}`, 'unsupported-version', 'version', version);
  }
  field('missing', 'malformed-envelope', 'version', REMOVE);
  field('version 1 with the v2 key confidential', 'malformed-envelope', 'version', 1);
  add(
    'version 2 with the v1 key confidentialJobId',
    'malformed-envelope',
    edit(edit(signed, 'confidential', REMOVE) as unknown as Signed, 'confidentialJobId', '3'),
  );

  // Time.
  for (const time of [
    '202-11-28T09:15:30.123Z',
    '12026-11-28T09:15:30.123Z',
    '+012026-11-28T09:15:30.123Z',
    '0999-11-28T09:15:30.123Z',
    '1969-12-31T23:59:59.999Z',
    '2026-11-28T09:15:30Z',
    '2026-11-28T09:15:30.12Z',
    '2026-11-28T09:15:30.1234Z',
    '2026-11-28T09:15:30.123+00:00',
    '2026-11-28T09:15:30.123',
    '2026-11-28 09:15:30.123Z',
    '2026-11-28t09:15:30.123z',
    '2026-02-30T00:00:00.000Z',
    '2026-13-01T00:00:00.000Z',
    '2026-11-28T24:00:00.000Z',
    '2026-11-28T09:60:00.000Z',
    '2026-12-31T23:59:60.000Z',
    '',
  ]) {
    field(JSON.stringify(time), 'malformed-envelope', 'issuedAt', time);
  }
  field('a number of milliseconds', 'malformed-envelope', 'issuedAt', 1795857330123);

  // Text.
  for (const [name, text] of [
    ['empty (minimum 1 byte)', ''],
    ['NUL', 'a\u0000b'],
    ['U+001F', 'a\u001fb'],
    ['TAB', 'a\tb'],
    ['LF', 'a\nb'],
    ['DEL U+007F', 'a\u007fb'],
    ['C1 U+0085', 'a\u0085b'],
    ['C1 U+009F', 'a\u009f'],
    ['lone high surrogate', '\ud800'],
    ['lone low surrogate', 'x\udc00'],
    ['high surrogate at the end', 'a\ud83d'],
    ['not NFC (e + combining acute)', 'e\u0301'],
    ['129 ASCII bytes', 'a'.repeat(129)],
    ['129 UTF-8 bytes in 43 characters', '€'.repeat(43)],
    ['not a string', 7],
  ] as const) {
    field(name, 'malformed-envelope', 'executor.name', text);
  }
  field('empty', 'malformed-envelope', 'executor.version', '');
  field('lone surrogate', 'malformed-envelope', 'executor.version', '1\udfff');

  // Hex spellings.
  for (const path of [
    'genesisHash',
    'contract',
    'confidential.contract',
    'workerPublicKey',
    'block.hash',
  ]) {
    field('uppercase hex digits', 'malformed-envelope', path, `0x${upper(env(path).slice(2))}`);
    field('0X prefix', 'malformed-envelope', path, `0X${env(path).slice(2)}`);
    field('no 0x prefix', 'malformed-envelope', path, env(path).slice(2));
  }
  for (const path of ['inputDigest', 'modelDigest', 'outputDigest']) {
    field(
      'uppercase hex digits',
      'malformed-envelope',
      path,
      `sha256:${upper(env(path).slice(7))}`,
    );
    field('uppercase prefix', 'malformed-envelope', path, `SHA256:${env(path).slice(7)}`);
    field('0x form', 'malformed-envelope', path, `0x${env(path).slice(7)}`);
  }
  field('a 32-byte queue contract', 'malformed-envelope', 'contract', env('genesisHash'));
  field('a 20-byte phala contract', 'malformed-envelope', 'confidential.contract', env('contract'));
  field(
    'a 31-byte genesis hash',
    'malformed-envelope',
    'genesisHash',
    env('genesisHash').slice(0, -2),
  );

  // Integers.
  for (const [name, value] of [
    ['leading zero', '042'],
    ['negative', '-1'],
    ['a JSON number', 42],
    ['exponent', '4.2e1'],
    ['hex', '0x2a'],
    ['empty', ''],
    ['leading space', ' 42'],
    ['2^128', U128_OVER],
  ] as const) {
    field(name, 'malformed-envelope', 'queueJobId', value);
  }
  field('2^128', 'malformed-envelope', 'confidential.jobId', U128_OVER);
  field('a JSON number', 'malformed-envelope', 'confidential.jobId', 3);
  field('2^64', 'malformed-envelope', 'block.number', U64_OVER);
  field('a JSON number', 'malformed-envelope', 'block.number', 1234);

  // Shapes.
  field('an extra envelope key', 'malformed-envelope', 'note', 'x');
  field('missing', 'malformed-envelope', 'issuedAt', REMOVE);
  field('an extra key', 'malformed-envelope', 'executor.note', 'x');
  field('an extra key', 'malformed-envelope', 'block.note', 'x');
  field('an extra key', 'malformed-envelope', 'confidential.note', 'x');
  field('missing', 'malformed-envelope', 'confidential.jobId', REMOVE);
  field('an array', 'malformed-envelope', 'confidential', ['0x00', '3']);
  field('missing (null is the only "none")', 'malformed-envelope', 'confidential', REMOVE);
  field('null', 'malformed-envelope', 'executor', null);
  add('envelope null', 'malformed-envelope', { ...signed, envelope: null });
  add('envelope a string', 'malformed-envelope', { ...signed, envelope: 'x' });

  // Documents.
  add('an extra top-level key', 'malformed-json', { ...signed, note: 'x' });
  add('no signature key', 'malformed-json', { envelope: signed.envelope });
  add('a JSON array', 'malformed-json', [signed]);
  add('JSON null', 'malformed-json', null);
  add('a JSON number', 'malformed-json', 42);
  addText('truncated JSON', 'malformed-json', JSON.stringify(signed).slice(0, -1));
  addText(
    'a UTF-8 byte-order mark before the JSON',
    'malformed-json',
    `\ufeff${JSON.stringify(signed)}`,
  );
  add('an API body without a signed attestation', 'no-attestation', { ...apiBody, signed: null });
  add('an API body whose signed is a string', 'malformed-json', { ...apiBody, signed: 'x' });

  // Signatures.
  const sig = signed.signature;
  for (const [name, value] of [
    ['63 bytes', sig.slice(0, -2)],
    ['65 bytes', `${sig}00`],
    ['no 0x prefix', sig.slice(2)],
    ['uppercase hex digits', `0x${upper(sig.slice(2))}`],
    ['0X prefix', `0X${sig.slice(2)}`],
    ['a JSON number', 7],
    ['null', null],
  ] as const) {
    add(`signature: ${name}`, 'malformed-signature', { ...signed, signature: value });
  }

  // Keys.
  add('pinned to another key', 'wrong-key', signed, otherKey);
  add('a valid attestation by another key, pinned to ours', 'wrong-key', otherSigned, signerKey);
  add('pinned to a key that is not hex', 'wrong-key', signed, 'not-a-key');

  // Check order: the first failing check names the reason.
  add('malformed envelope and malformed signature: the envelope first', 'malformed-envelope', {
    ...edit(signed, 'queueJobId', '042'),
    signature: '0x00',
  });
  add('unsupported version and malformed signature: the version first', 'unsupported-version', {
    ...edit(signed, 'version', 3),
    signature: '0x00',
  });
  add(
    'unsupported version and extra keys: the version first',
    'unsupported-version',
    edit(edit(signed, 'version', 3) as unknown as Signed, 'note', 'x'),
  );
  cases.push({
    name: 'malformed signature and a wrong pinned key: the signature first',
    expect: 'malformed-signature',
    document: { ...signed, signature: '0x00' },
    publicKey: otherKey,
  });
  cases.push({
    name: 'wrong pinned key and a tampered envelope: the key first',
    expect: 'wrong-key',
    document: edit(signed, 'queueJobId', '43'),
    publicKey: otherKey,
  });
  return cases;
}
