import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { h160FromAccountId } from '../../contracts';
import { OwnerProofVerifier, type OwnerProofContext } from './owner-proof-verifier';
import { formatOwnerReadMessage, ownerReadMessageFor } from './owner-read-message';
import { formatOwnerSignatureHeader } from './owner-signature-header';

const CONTEXT: OwnerProofContext = {
  genesisHash: `0x${'ab'.repeat(32)}`,
  queueContract: `0x${'a4'.repeat(20)}`,
  provider: `0x${'c3'.repeat(20)}`,
};
const NOW = new Date('2026-03-01T12:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;

/** What a wallet sends: polkadot-js signRaw signs the message wrapped in <Bytes>…</Bytes>. */
function header(pair: KeyringPair, message: string, signer: string = pair.address): string {
  const signature = u8aToHex(pair.sign(u8aWrapBytes(stringToU8a(message))));
  return formatOwnerSignatureHeader({ signer, message, signature });
}

describe('OwnerProofVerifier', () => {
  let bob: KeyringPair;
  let charlie: KeyringPair;
  let bobEd: KeyringPair;
  const verifier = new OwnerProofVerifier(CONTEXT, () => NOW);
  const message = (overrides: Partial<Parameters<typeof formatOwnerReadMessage>[0]> = {}) =>
    formatOwnerReadMessage({ ...CONTEXT, jobId: 7n, expiresAt: NOW_S + 300, ...overrides });

  beforeAll(async () => {
    await cryptoWaitReady();
    bob = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Bob');
    charlie = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Charlie');
    bobEd = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//Bob');
  });

  const bobJob = () => ({ id: 7n, owner: h160FromAccountId(bob.publicKey) });

  it("accepts the owner's sr25519 signature of a fresh message for the job, by SS58 or public key", async () => {
    const { message: issued } = ownerReadMessageFor(CONTEXT, 7n, NOW);
    expect(await verifier.verify(header(bob, issued), bobJob())).toEqual({
      ok: true,
      signer: u8aToHex(bob.publicKey),
    });
    const byKey = header(bob, issued, u8aToHex(bob.publicKey));
    expect(await verifier.verify(byKey, bobJob())).toMatchObject({ ok: true });
  });

  it('accepts an ed25519 key whose account maps to the owner', async () => {
    const job = { id: 7n, owner: h160FromAccountId(bobEd.publicKey) };
    expect(await verifier.verify(header(bobEd, message()), job)).toMatchObject({ ok: true });
  });

  it("refuses another user's valid signature as not-owner (the only refusal of a valid signature)", async () => {
    expect(await verifier.verify(header(charlie, message()), bobJob())).toMatchObject({
      ok: false,
      reason: 'not-owner',
    });
  });

  it.each([
    ['another job', { jobId: 8n }, 'wrong-job'],
    ['another chain', { genesisHash: `0x${'cd'.repeat(32)}` }, 'wrong-chain'],
    ['another queue contract', { queueContract: `0x${'11'.repeat(20)}` }, 'wrong-contract'],
    ['another service', { provider: `0x${'22'.repeat(20)}` }, 'wrong-service'],
    ['an expired message', { expiresAt: NOW_S }, 'expired'],
    ['an expiry too far ahead', { expiresAt: NOW_S + 601 }, 'expiry-too-far'],
  ] as const)("refuses the owner's own signature of %s", async (_what, overrides, reason) => {
    const result = await verifier.verify(header(bob, message(overrides)), bobJob());
    expect(result).toMatchObject({ ok: false, reason });
  });

  it('refuses a replay once the message has expired', async () => {
    const sent = header(bob, message({ expiresAt: NOW_S + 60 }));
    expect(await verifier.verify(sent, bobJob())).toMatchObject({ ok: true });
    const later = new OwnerProofVerifier(CONTEXT, () => new Date(NOW.getTime() + 60_000));
    expect(await later.verify(sent, bobJob())).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses a signature of the bare message (not wrapped in <Bytes>) and a tampered message', async () => {
    const text = message();
    const bare = u8aToHex(bob.sign(stringToU8a(text)));
    const unwrapped = formatOwnerSignatureHeader({
      signer: bob.address,
      message: text,
      signature: bare,
    });
    expect(await verifier.verify(unwrapped, bobJob())).toMatchObject({ reason: 'bad-signature' });
    const signed = header(bob, message({ expiresAt: NOW_S + 200 }));
    const tampered = signed.replace(`:${NOW_S + 200}`, `:${NOW_S + 250}`);
    expect(await verifier.verify(tampered, bobJob())).toMatchObject({ reason: 'bad-signature' });
  });

  it('refuses a signature whose claimed signer is the owner but was made by another key', async () => {
    const forged = header(charlie, message(), bob.address);
    expect(await verifier.verify(forged, bobJob())).toMatchObject({ reason: 'bad-signature' });
  });

  it.each([
    ['', 'malformed-header'],
    ['garbage', 'malformed-header'],
    ['signer=a; signer=b; message=c; signature=d', 'malformed-header'],
    ['signer=a; message=b', 'malformed-header'],
    [`signer=a; message=${'x'.repeat(2000)}; signature=b`, 'malformed-header'],
    ['signer=a; message=polkamesh:read-job:v1:0x; signature=b', 'malformed-message'],
  ])('refuses the header %j as %s', async (value, reason) => {
    expect(await verifier.verify(value, bobJob())).toMatchObject({ ok: false, reason });
  });

  it('refuses an undecodable signer and a malformed signature with a reason, never a throw', async () => {
    const text = message();
    const badSigner = formatOwnerSignatureHeader({
      signer: '5NotAnAddress',
      message: text,
      signature: `0x${'00'.repeat(64)}`,
    });
    expect(await verifier.verify(badSigner, bobJob())).toMatchObject({
      reason: 'malformed-signer',
    });
    for (const signature of ['0x1234', `0x${'zz'.repeat(64)}`, `0x${'00'.repeat(64)}`]) {
      const value = formatOwnerSignatureHeader({ signer: bob.address, message: text, signature });
      expect(await verifier.verify(value, bobJob())).toMatchObject({ reason: 'bad-signature' });
    }
  });
});
