import { inspect } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Secret } from '../shared/secret';
import {
  type AttestationEnvelope,
  InvalidAttestationError,
  parseAttestationProof,
  Sr25519AttestationSigner,
  toOnChainAttestation,
  verifyAttestation,
} from './index';

const SEED = '0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const ALICE = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const HEX32 = `0x${'cd'.repeat(32)}` as const;

function envelopeFor(workerPublicKey: `0x${string}`): AttestationEnvelope {
  return {
    version: 1,
    genesisHash: HEX32,
    contract: `0x${'22'.repeat(20)}`,
    queueJobId: 5n,
    confidentialJobId: 9n,
    inputDigest: `sha256:${'01'.repeat(32)}`,
    modelDigest: `sha256:${'02'.repeat(32)}`,
    outputDigest: `sha256:${'03'.repeat(32)}`,
    executor: { name: 'onnx', version: '0.1.0' },
    workerPublicKey,
    block: { number: 77n, hash: HEX32 },
    issuedAt: '2026-11-28T10:00:00.000Z',
  };
}

describe('Sr25519AttestationSigner', () => {
  it('signs an envelope and its own signature verifies', async () => {
    const signer = await Sr25519AttestationSigner.fromSecret(new Secret(SEED));
    const signed = await signer.sign(envelopeFor(signer.publicKey));
    await expect(verifyAttestation(signed.envelope, signed.signature)).resolves.toMatchObject({
      ok: true,
    });
    await expect(
      verifyAttestation(signed.envelope, signed.signature, { expectedPublicKey: signer.publicKey }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('derives the well-known dev keys from secret URIs, as @polkadot/keyring does', async () => {
    const alice = await Sr25519AttestationSigner.fromSecret(new Secret('//Alice'));
    expect(alice.publicKey).toBe(ALICE);
    const dev = await Sr25519AttestationSigner.fromSecret(new Secret('//Dev'));
    const signed = await dev.sign(envelopeFor(dev.publicKey));
    await expect(verifyAttestation(signed.envelope, signed.signature)).resolves.toMatchObject({
      ok: true,
    });
  });

  it('signs with the key of a Polkadot.js keystore export, and its signature verifies', async () => {
    await cryptoWaitReady();
    const json = JSON.stringify(
      new Keyring({ type: 'sr25519' }).addFromUri('//Alice').toJson('correct horse'),
    );
    const signer = await Sr25519AttestationSigner.fromKeystore(json, new Secret('correct horse'));
    expect(signer.publicKey).toBe(ALICE);
    const signed = await signer.sign(envelopeFor(signer.publicKey));
    await expect(verifyAttestation(signed.envelope, signed.signature)).resolves.toMatchObject({
      ok: true,
    });
    await expect(Sr25519AttestationSigner.fromKeystore(json, new Secret('wrong'))).rejects.toThrow(
      /wrong password/,
    );
    const ed25519 = JSON.stringify(
      new Keyring({ type: 'ed25519' }).addFromUri('//Alice').toJson('pw'),
    );
    await expect(Sr25519AttestationSigner.fromKeystore(ed25519, new Secret('pw'))).rejects.toThrow(
      /sr25519/,
    );
  });

  it('refuses to sign an envelope that names another worker key', async () => {
    const signer = await Sr25519AttestationSigner.fromSecret(new Secret(SEED));
    await expect(signer.sign(envelopeFor(ALICE))).rejects.toThrow(InvalidAttestationError);
  });

  it('never shows the secret in errors or when printed', async () => {
    for (const secret of ['zebra quartz hidden words', '0x1234//hunter2', 'hunter2///pw']) {
      const err = await Sr25519AttestationSigner.fromSecret(new Secret(secret)).then(
        () => new Error('expected a refusal'),
        (e: Error) => e,
      );
      expect(err.message).toMatch(/^attestation signing key: /);
      expect(err.message).not.toMatch(/zebra|hunter2|1234/);
    }
    const signer = await Sr25519AttestationSigner.fromSecret(new Secret(SEED));
    expect(inspect(signer)).not.toContain(SEED.slice(2, 12));
    expect(JSON.stringify(signer)).not.toContain(SEED.slice(2, 12));
    expect(String(signer)).toBe(`Sr25519AttestationSigner(${signer.publicKey})`);
  });

  it('produces the on-chain strings from the signature', async () => {
    const signer = await Sr25519AttestationSigner.fromSecret(new Secret(SEED));
    const signed = await signer.sign(envelopeFor(signer.publicKey));
    const onChain = toOnChainAttestation(signed);
    expect(onChain.resultHash).toBe(signed.envelope.outputDigest);
    expect(onChain.teeWorkerPubkey).toBe(signer.publicKey);
    const verdict = await verifyAttestation(signed.envelope, signed.signature);
    expect(parseAttestationProof(onChain.attestationProof)).toEqual({
      version: 1,
      digest: verdict.ok ? verdict.digest : undefined,
      signature: signed.signature,
    });
  });
});

describe('verifyAttestation', () => {
  it.each<[string, (e: AttestationEnvelope, sig: string) => [unknown, string, string?], string]>([
    ['another key signed it', (e, sig) => [{ ...e, workerPublicKey: ALICE }, sig], 'bad-signature'],
    ['another key was expected', (e, sig) => [e, sig, ALICE], 'wrong-key'],
    [
      'the envelope is malformed',
      (e, sig) => [{ ...e, queueJobId: '5' }, sig],
      'malformed-envelope',
    ],
    ['the version is unknown', (e, sig) => [{ ...e, version: 3 }, sig], 'unsupported-version'],
    ['the signature is short', (e, sig) => [e, sig.slice(0, -2)], 'malformed-signature'],
    [
      'the signature is upper case',
      (e, sig) => [e, sig.toUpperCase().replace('0X', '0x')],
      'malformed-signature',
    ],
  ])('says why when %s', async (_case, change, reason) => {
    const signer = await Sr25519AttestationSigner.fromSecret(new Secret(SEED));
    const signed = await signer.sign(envelopeFor(signer.publicKey));
    const [envelope, signature, expectedPublicKey] = change(signed.envelope, signed.signature);
    const verdict = await verifyAttestation(envelope, signature, { expectedPublicKey });
    expect(verdict).toMatchObject({ ok: false, reason });
  });
});
