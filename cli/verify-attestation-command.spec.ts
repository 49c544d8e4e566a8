import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main';
import { runVerifyAttestation } from './verify-attestation-command';

interface Vector {
  envelope: Record<string, unknown>;
  signature: string;
  digest: string;
}
const FILE = JSON.parse(
  readFileSync(join(__dirname, '..', 'test', 'vectors', 'attestation-v1.json'), 'utf8'),
) as { signer: { publicKey: string }; vectors: Vector[] };
const dir = mkdtempSync(join(tmpdir(), 'verify-attestation-'));

function fileWith(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function run(file: string, options: { json?: boolean; publicKey?: string } = {}) {
  let out = '';
  const code = await runVerifyAttestation(file, options, (text) => {
    out += text;
  });
  return { code, out };
}

describe('polkamesh verify-attestation', () => {
  const vector = FILE.vectors[1]!;
  const good = fileWith('good.json', { envelope: vector.envelope, signature: vector.signature });

  it('prints OK with the digest and exits 0 for a valid attestation', async () => {
    const { code, out } = await run(good);
    expect(code).toBe(0);
    expect(out).toBe(
      `OK attestation ${vector.digest} for queue job 42 (confidential job 3), worker ${FILE.signer.publicKey}\n`,
    );
  });

  it('prints one JSON object with --json', async () => {
    const { code, out } = await run(good, { json: true });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      ok: true,
      digest: vector.digest,
      queueJobId: '42',
      onChain: { resultHash: vector.envelope['outputDigest'] },
    });
  });

  it('prints the reason and exits 1 for a tampered envelope', async () => {
    const tampered = fileWith('tampered.json', {
      envelope: { ...vector.envelope, queueJobId: '43' },
      signature: vector.signature,
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
  ])('reports %s', async (name, content, reason) => {
    const { code, out } = await run(fileWith(`${name}.json`, content), { json: true });
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ ok: false, reason });
  });

  it('checks --public-key', async () => {
    const other = `0x${'00'.repeat(32)}`;
    expect((await run(good, { publicKey: other })).out).toMatch(/^INVALID wrong-key: /);
    expect((await run(good, { publicKey: FILE.signer.publicKey })).code).toBe(0);
  });

  it('reports a missing file', async () => {
    const { code, out } = await run(join(dir, 'missing.json'));
    expect(code).toBe(1);
    expect(out).toMatch(/^INVALID unreadable-file: cannot read /);
  });

  it('exits 1 through the polkamesh program for an invalid file', async () => {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const bad = fileWith('bad.json', {
        envelope: vector.envelope,
        signature: FILE.vectors[0]!.signature,
      });
      await expect(main(['node', 'polkamesh', 'verify-attestation', bad])).resolves.toBe(1);
      await expect(main(['node', 'polkamesh', 'verify-attestation', good, '--json'])).resolves.toBe(
        0,
      );
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});
