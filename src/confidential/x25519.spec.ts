import { x25519PublicKey, x25519SharedSecret } from './x25519';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array | null) =>
  bytes === null ? null : Buffer.from(bytes).toString('hex');

// RFC 7748 §6.1.
const ALICE_SECRET = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
const ALICE_PUBLIC = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
const BOB_SECRET = hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
const BOB_PUBLIC = 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f';
const SHARED = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';

describe('X25519 over raw keys', () => {
  it('derives the RFC 7748 public keys', () => {
    expect(toHex(x25519PublicKey(ALICE_SECRET))).toBe(ALICE_PUBLIC);
    expect(toHex(x25519PublicKey(BOB_SECRET))).toBe(BOB_PUBLIC);
  });

  it('agrees on the RFC 7748 shared secret from both sides', () => {
    expect(toHex(x25519SharedSecret(ALICE_SECRET, hex(BOB_PUBLIC)))).toBe(SHARED);
    expect(toHex(x25519SharedSecret(BOB_SECRET, hex(ALICE_PUBLIC)))).toBe(SHARED);
  });

  it('refuses a low-order peer key instead of returning an all-zero secret', () => {
    expect(x25519SharedSecret(ALICE_SECRET, new Uint8Array(32))).toBeNull();
    const one = new Uint8Array(32);
    one[0] = 1;
    expect(x25519SharedSecret(ALICE_SECRET, one)).toBeNull();
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => x25519PublicKey(new Uint8Array(31))).toThrow(/32 bytes, got 31/);
  });
});
