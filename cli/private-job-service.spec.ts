import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { OwnerProofVerifier } from '../src/api/auth/owner-proof-verifier';
import { h160FromAccountId } from '../src/contracts';
import {
  fetchPrivateResult,
  fetchSealingKey,
  privateResultLines,
  type ServiceFetch,
} from './private-job-service';

const SERVICE = 'http://127.0.0.1:3000';
const PROVIDER = `0x${'c3'.repeat(20)}` as const;
const KEY = `0x${'5a'.repeat(32)}`;

function answering(status: number, body: unknown, seen: { url?: string; headers?: object } = {}) {
  const fetchImpl: ServiceFetch = (url, init) => {
    seen.url = url;
    seen.headers = init.headers;
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  };
  return fetchImpl;
}

describe('fetchSealingKey', () => {
  it("returns the service's key and provider", async () => {
    const seen: { url?: string } = {};
    const key = await fetchSealingKey(
      `${SERVICE}/`,
      PROVIDER,
      answering(200, { version: 'pmenc1', publicKey: KEY, provider: PROVIDER }, seen),
    );
    expect(seen.url).toBe(`${SERVICE}/confidential-key`);
    expect({ ...key, publicKey: Buffer.from(key.publicKey).toString('hex') }).toEqual({
      publicKey: '5a'.repeat(32),
      provider: PROVIDER,
    });
  });

  it('refuses a --provider that is not the service (it could not open the payload)', async () => {
    const other = `0x${'11'.repeat(20)}`;
    const fetchImpl = answering(200, { version: 'pmenc1', publicKey: KEY, provider: PROVIDER });
    await expect(fetchSealingKey(SERVICE, other, fetchImpl)).rejects.toThrow(
      `the service at ${SERVICE} works as provider ${PROVIDER}, not ${other}`,
    );
  });

  it('refuses a service without the job engine, naming its error', async () => {
    const fetchImpl = answering(404, { error: { code: 'NOT_FOUND', message: 'no job engine' } });
    await expect(fetchSealingKey(SERVICE, null, fetchImpl)).rejects.toThrow(
      `${SERVICE}/confidential-key answered HTTP 404 without a confidential key (NOT_FOUND: no job engine)`,
    );
  });
});

describe('fetchPrivateResult', () => {
  it("sends an owner signature the service's verifier accepts for this job only", async () => {
    await cryptoWaitReady();
    const bob = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Bob');
    const target = {
      genesisHash: `0x${'ab'.repeat(32)}`,
      queueContract: `0x${'a4'.repeat(20)}`,
      provider: PROVIDER,
    };
    const seen: { url?: string; headers?: Record<string, string> } = {};
    const now = new Date('2026-03-01T12:00:00Z');
    const body = await fetchPrivateResult(
      SERVICE,
      9n,
      bob,
      target,
      answering(200, { id: '9' }, seen),
      now,
    );
    expect(body).toEqual({ id: '9' });
    expect(seen.url).toBe(`${SERVICE}/jobs/9/result`);
    const header = seen.headers?.['X-PolkaMesh-Owner-Signature'] ?? '';
    const verifier = new OwnerProofVerifier(
      { ...target, queueContract: target.queueContract as `0x${string}` },
      () => now,
    );
    const owner = h160FromAccountId(bob.publicKey);
    expect(await verifier.verify(header, { id: 9n, owner })).toMatchObject({ ok: true });
    expect(await verifier.verify(header, { id: 10n, owner })).toMatchObject({
      reason: 'wrong-job',
    });
  });
});

describe('privateResultLines', () => {
  it('prints inline text and JSON, else the content-store reference', () => {
    const result = (output: unknown) => ({ state: 'succeeded', result: { output } });
    expect(privateResultLines(3n, result({ kind: 'text', text: 'HELLO' }))).toBe(
      'job 3 output (text):\nHELLO\n',
    );
    expect(privateResultLines(3n, result({ kind: 'json', json: { a: 1 } }))).toBe(
      'job 3 output (json):\n{"a":1}\n',
    );
    expect(privateResultLines(3n, result({ kind: 'reference', ref: 'cas:sha256:ab' }))).toMatch(
      /^job 3 output: cas:sha256:ab \(read it with a content:read token/,
    );
    expect(privateResultLines(3n, { state: 'failed', result: null })).toBe(
      'job 3: no result (engine state failed)\n',
    );
  });
});
