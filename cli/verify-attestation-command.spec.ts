import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from './main';
import { runVerifyAttestation } from './verify-attestation-command';

interface Vector {
  envelope: Record<string, unknown>;
  signature: string;
  digest: string;
  onChain: { resultHash: string; attestationProof: string; teeWorkerPubkey: string };
}
const vectorsOf = (version: number) =>
  JSON.parse(
    readFileSync(join(__dirname, '..', 'test', 'vectors', `attestation-v${version}.json`), 'utf8'),
  ) as { signer: { publicKey: string }; vectors: Vector[] };
const V1 = vectorsOf(1);
const V2 = vectorsOf(2);
const dir = mkdtempSync(join(tmpdir(), 'verify-attestation-'));

function fileWith(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function run(
  source: string | undefined,
  options: { json?: boolean; publicKey?: string } = {},
  stdin: Readable = Readable.from([]),
) {
  let out = '';
  const code = await runVerifyAttestation(
    source,
    options,
    (text) => {
      out += text;
    },
    { stdin, fetch },
  );
  return { code, out };
}

describe('polkamesh verify-attestation', () => {
  const v1 = V1.vectors[1]!;
  const v2 = V2.vectors[1]!;
  const key = V2.signer.publicKey;
  const signed = { envelope: v2.envelope, signature: v2.signature };
  const good = fileWith('good.json', signed);
  const apiBody = {
    id: '42',
    signed,
    verification: { ok: true, digest: v2.digest },
    onChain: { confidentialJobId: '3', ...v2.onChain, processed: true },
    matchesOnChain: true,
    attestationPublicKey: key,
  };

  it('prints OK with the digest, the record and the key, and exits 0 for a v2 attestation', async () => {
    const { code, out } = await run(good);
    expect(code).toBe(0);
    expect(out).toBe(
      `OK attestation ${v2.digest} v2 for queue job 42 (confidential job 3 in ${String((v2.envelope['confidential'] as { contract: string }).contract)}), key ${key} (not pinned: pass --public-key)\n`,
    );
  });

  it('still verifies a v1 attestation', async () => {
    const { code, out } = await run(
      fileWith('v1.json', { envelope: v1.envelope, signature: v1.signature }),
      { publicKey: V1.signer.publicKey },
    );
    expect(code).toBe(0);
    expect(out).toBe(
      `OK attestation ${v1.digest} v1 for queue job 42 (confidential job 3), key ${V1.signer.publicKey} (pinned)\n`,
    );
  });

  it('prints one JSON object with --json', async () => {
    const { code, out } = await run(good, { json: true });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      ok: true,
      digest: v2.digest,
      version: 2,
      form: 'signed-attestation',
      queueJobId: '42',
      confidentialJobId: '3',
      pinned: false,
      onChain: v2.onChain,
      onChainMismatches: null,
    });
  });

  it('accepts the body of GET /jobs/:id/attestation as it is and compares its on-chain record', async () => {
    const { code, out } = await run(fileWith('body.json', apiBody), { publicKey: key });
    expect(code).toBe(0);
    expect(out).toMatch(/^OK attestation .* \(pinned\)\non-chain record: the same attestation\n$/);
    const forged = await run(
      fileWith('forged.json', {
        ...apiBody,
        onChain: { ...apiBody.onChain, teeWorkerPubkey: '0x00' },
      }),
    );
    expect(forged.code).toBe(0);
    expect(forged.out).toMatch(/\non-chain record differs: tee_worker_pubkey 0x00 is not/);
  });

  it('reads stdin for - and when no source is given', async () => {
    const text = JSON.stringify(apiBody);
    expect((await run('-', {}, Readable.from([Buffer.from(text)]))).code).toBe(0);
    expect((await run(undefined, {}, Readable.from([Buffer.from(text)]))).code).toBe(0);
  });

  describe('from a URL (a loopback server standing in for the API)', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        const found = req.url === '/jobs/42/attestation';
        res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(found ? apiBody : { error: { code: 'NOT_FOUND' } }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('verifies the body the URL answers', async () => {
      const { code, out } = await run(`${base}/jobs/42/attestation`, {
        json: true,
        publicKey: key,
      });
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ ok: true, form: 'api-body', onChainMismatches: [] });
    });

    it('exits 2 when the URL does not answer 200', async () => {
      const { code, out } = await run(`${base}/jobs/43/attestation`);
      expect(code).toBe(2);
      expect(out).toMatch(/^ERROR unreadable-input: .*answered HTTP 404/);
    });
  });

  it('prints the reason and exits 1 for a tampered envelope', async () => {
    const tampered = fileWith('tampered.json', {
      envelope: { ...v2.envelope, queueJobId: '43' },
      signature: v2.signature,
    });
    const { code, out } = await run(tampered);
    expect(code).toBe(1);
    expect(out).toMatch(/^INVALID bad-signature: /);
    const json = await run(tampered, { json: true });
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it.each<[string, unknown, string]>([
    ['malformed-json', '{"envelope":', 'malformed-json'],
    ['unsupported-version', { envelope: { version: 9 }, signature: '0x' }, 'unsupported-version'],
    ['no-attestation', { ...apiBody, signed: null }, 'no-attestation'],
  ])('reports %s', async (name, content, reason) => {
    const { code, out } = await run(fileWith(`${name}.json`, content), { json: true });
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ ok: false, reason });
  });

  it('refuses bytes that are not UTF-8 as malformed JSON', async () => {
    const path = join(dir, 'latin1.json');
    writeFileSync(path, Buffer.from([0x7b, 0xe9, 0x7d]));
    expect(await run(path)).toEqual({ code: 1, out: 'INVALID malformed-json: not valid UTF-8\n' });
  });

  it('checks --public-key', async () => {
    const other = `0x${'00'.repeat(32)}`;
    expect((await run(good, { publicKey: other })).out).toMatch(/^INVALID wrong-key: /);
    expect((await run(good, { publicKey: key })).code).toBe(0);
  });

  it('exits 2 for a missing file', async () => {
    const { code, out } = await run(join(dir, 'missing.json'));
    expect(code).toBe(2);
    expect(out).toMatch(/^ERROR unreadable-input: cannot read /);
  });

  it('exits 1 or 2 through the polkamesh program', async () => {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const bad = fileWith('bad.json', {
        envelope: v2.envelope,
        signature: V2.vectors[0]!.signature,
      });
      await expect(main(['node', 'polkamesh', 'verify-attestation', bad])).resolves.toBe(1);
      await expect(
        main(['node', 'polkamesh', 'verify-attestation', join(dir, 'absent.json')]),
      ).resolves.toBe(2);
      await expect(main(['node', 'polkamesh', 'verify-attestation', good, '--json'])).resolves.toBe(
        0,
      );
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});
