import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { verifyBySpec } from '../test/conformance/attestation-doc-verifier';
import { runVerifyAttestation } from './verify-attestation-command';

/**
 * Issue 14: a verifier written from ADR 0010 alone (test/conformance, no src/attestation, another
 * sr25519 library) agrees with `polkamesh verify-attestation` on every golden vector and case, and
 * on random mutations of valid documents: same verdict, same reason, same digest.
 */
interface VectorFile {
  signer: { publicKey: string };
  vectors: Array<{
    name: string;
    envelope: unknown;
    signature: string;
    payload: string;
    digest: string;
  }>;
  cases?: Array<{
    name: string;
    expect: string;
    publicKey?: string;
    document?: unknown;
    text?: string;
  }>;
}
const read = (version: number) =>
  JSON.parse(
    readFileSync(join(__dirname, '..', 'test', 'vectors', `attestation-v${version}.json`), 'utf8'),
  ) as VectorFile;
const V1 = read(1);
const V2 = read(2);

/** The CLI's verdict, run in-process on the document as stdin. */
async function cliVerdict(document: Uint8Array, publicKey?: string) {
  let out = '';
  const code = await runVerifyAttestation(
    '-',
    { json: true, ...(publicKey === undefined ? {} : { publicKey }) },
    (text) => {
      out += text;
    },
    { stdin: Readable.from([Buffer.from(document)]), fetch },
  );
  const result = JSON.parse(out) as { ok: boolean; reason?: string; digest?: string };
  return { code, verdict: result.ok ? 'valid' : result.reason, digest: result.digest };
}

function specVerdict(document: Uint8Array, publicKey?: string) {
  const verdict = verifyBySpec(document, publicKey);
  return verdict.ok ? { verdict: 'valid', digest: verdict.digest } : { verdict: verdict.reason };
}

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('a verifier written from ADR 0010 agrees with polkamesh verify-attestation', () => {
  describe.each([
    [1, V1],
    [2, V2],
  ] as const)('on the v%i golden vectors', (_version, file) => {
    it.each(file.vectors.map((v) => [v.name, v] as const))('%s', async (_name, vector) => {
      const document = bytesOf(
        JSON.stringify({ envelope: vector.envelope, signature: vector.signature }),
      );
      const spec = verifyBySpec(document, file.signer.publicKey);
      expect(spec).toEqual({ ok: true, digest: vector.digest, payload: vector.payload });
      const cli = await cliVerdict(document, file.signer.publicKey);
      expect(cli).toEqual({ code: 0, verdict: 'valid', digest: vector.digest });
    });
  });

  it.each((V2.cases ?? []).map((c) => [c.name, c] as const))(
    'on the v2 case "%s"',
    async (_name, c) => {
      const document = bytesOf(c.text ?? JSON.stringify(c.document));
      const cli = await cliVerdict(document, c.publicKey);
      expect(specVerdict(document, c.publicKey).verdict).toBe(c.expect);
      expect(cli.verdict).toBe(c.expect);
      expect(cli.code).toBe(c.expect === 'valid' ? 0 : 1);
    },
  );

  it('on bytes that are not UTF-8', async () => {
    const document = Uint8Array.of(0x7b, 0xff, 0x7d);
    expect(specVerdict(document).verdict).toBe('malformed-json');
    expect((await cliVerdict(document)).verdict).toBe('malformed-json');
  });

  it('on every one-bit change of a valid signature', async () => {
    const vector = V2.vectors[1]!;
    const signature = Buffer.from(vector.signature.slice(2), 'hex');
    for (let bit = 0; bit < 512; bit += 37) {
      const changed = Buffer.from(signature);
      changed[bit >> 3] = changed[bit >> 3]! ^ (1 << (bit & 7));
      const document = bytesOf(
        JSON.stringify({ envelope: vector.envelope, signature: `0x${changed.toString('hex')}` }),
      );
      const spec = specVerdict(document);
      const cli = await cliVerdict(document);
      expect({ bit, verdict: spec.verdict }).toEqual({ bit, verdict: cli.verdict });
      expect(spec.verdict).toBe('bad-signature');
    }
  });

  it('on random mutations of valid v1 and v2 documents', async () => {
    const seen = new Set<string>();
    const tricky = fc.oneof(
      fc.constantFrom<unknown>(
        null,
        0,
        1,
        2,
        3,
        -1,
        2.5,
        true,
        '',
        '0',
        '01',
        '1',
        ' 1',
        '1e3',
        '0x00',
        '0X' + 'ab'.repeat(32),
        '0x' + 'AB'.repeat(32),
        '0x' + 'ab'.repeat(32),
        '0x' + 'ab'.repeat(20),
        'sha256:' + 'ab'.repeat(32),
        'SHA256:' + 'ab'.repeat(32),
        '18446744073709551616',
        '340282366920938463463374607431768211455',
        '340282366920938463463374607431768211456',
        '2026-11-28T09:15:30.123Z',
        '2026-11-28T09:15:30.12Z',
        '1969-12-31T23:59:59.999Z',
        '9999-12-31T23:59:59.999Z',
        '2024-02-29T00:00:00.000Z',
        '2023-02-29T00:00:00.000Z',
        'a\u0000',
        '\u0085',
        '\ud800',
        'e\u0301',
        'é',
        'x'.repeat(128),
        'x'.repeat(129),
        '€'.repeat(43),
        [],
        {},
        { contract: '0x' + '00'.repeat(32), jobId: '1' },
      ),
      fc.string({ maxLength: 8 }),
      fc.bigInt({ min: 0n, max: 1n << 130n }).map(String),
    );
    const paths = [
      ['envelope', 'version'],
      ['envelope', 'genesisHash'],
      ['envelope', 'contract'],
      ['envelope', 'queueJobId'],
      ['envelope', 'confidential'],
      ['envelope', 'confidentialJobId'],
      ['envelope', 'confidential', 'contract'],
      ['envelope', 'confidential', 'jobId'],
      ['envelope', 'inputDigest'],
      ['envelope', 'executor'],
      ['envelope', 'executor', 'name'],
      ['envelope', 'executor', 'version'],
      ['envelope', 'workerPublicKey'],
      ['envelope', 'block'],
      ['envelope', 'block', 'number'],
      ['envelope', 'block', 'hash'],
      ['envelope', 'issuedAt'],
      ['envelope', 'extra'],
      ['envelope'],
      ['signature'],
      ['extra'],
      ['signed'],
    ];
    const bases = [...V1.vectors, ...V2.vectors].map((v) => ({
      envelope: v.envelope,
      signature: v.signature,
    }));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bases),
        fc.array(fc.tuple(fc.constantFrom(...paths), tricky, fc.boolean()), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.constantFrom(undefined, V1.signer.publicKey, `0x${'00'.repeat(32)}`),
        async (base, edits, pinned) => {
          const doc = structuredClone(base) as Record<string, unknown>;
          for (const [path, value, remove] of edits) {
            let target: unknown = doc;
            for (const key of path.slice(0, -1)) {
              target =
                typeof target === 'object' && target !== null
                  ? (target as Record<string, unknown>)[key]
                  : undefined;
            }
            if (typeof target === 'object' && target !== null) {
              const record = target as Record<string, unknown>;
              if (remove) {
                delete record[path.at(-1)!];
              } else {
                record[path.at(-1)!] = value;
              }
            }
          }
          const document = bytesOf(JSON.stringify(doc));
          const cli = await cliVerdict(document, pinned);
          seen.add(String(cli.verdict));
          expect(specVerdict(document, pinned)).toEqual({
            verdict: cli.verdict,
            ...(cli.digest === undefined ? {} : { digest: cli.digest }),
          });
        },
      ),
      { numRuns: 300 },
    );
    // The mutations reach past the first checks: the property is not vacuous.
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'malformed-json',
        'unsupported-version',
        'malformed-envelope',
        'bad-signature',
      ]),
    );
  });
});
