/**
 * Turns the attestation signing `Secret` (or a keystore) into an sr25519 keypair. Accepted spellings:
 * - `0x` + 64 hex: a 32-byte mini-secret (seed), expanded with @polkadot/wasm-crypto;
 * - a secret URI as @polkadot/keyring reads it: `//Dev`, `//Alice` (the dev phrase plus a hard
 *   derivation), `<mnemonic>//hard/soft///password`, or `0x<seed>//path`.
 * or a Polkadot.js keystore export (JSON, sr25519) and its password.
 * Errors never include the secret.
 */
import { DEV_PHRASE } from '@polkadot/keyring';
import { decodePair } from '@polkadot/keyring/pair/decode';
import { hexToU8a } from '@polkadot/util';
import {
  base64Decode,
  cryptoWaitReady,
  keyExtractSuri,
  keyFromPath,
  mnemonicToMiniSecret,
  mnemonicValidate,
} from '@polkadot/util-crypto';
import { sr25519KeypairFromSeed, waitReady } from '@polkadot/wasm-crypto';
import type { Secret } from '../shared';

/** An sr25519 keypair in the layout wasm-crypto signs with (secret: 64 bytes, public: 32 bytes). */
export interface Sr25519Keypair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

const MINI_SECRET = /^0x[0-9a-fA-F]{64}$/;
const EXPECTED =
  'expected a 0x + 64 hex mini-secret or a secret URI (//Dev, <mnemonic>//path, 0x<seed>//path)';

/** The keypair of `secret` (see the module comment for the accepted forms). */
export async function sr25519KeypairFromSecret(secret: Secret): Promise<Sr25519Keypair> {
  await waitReady();
  const text = secret.reveal().trim();
  if (MINI_SECRET.test(text)) {
    return keypairFromSeed(hexToU8a(text));
  }
  await cryptoWaitReady();
  let parts: ReturnType<typeof keyExtractSuri>;
  try {
    parts = keyExtractSuri(text.startsWith('//') ? `${DEV_PHRASE}${text}` : text);
  } catch {
    throw new Error(`attestation signing key: ${EXPECTED}`);
  }
  const seed = seedOf(parts.phrase, parts.password);
  return parts.path.length === 0
    ? keypairFromSeed(seed)
    : keyFromPath(keypairFromSeed(seed), parts.path, 'sr25519');
}

/**
 * The keypair in a Polkadot.js keystore export (`{ encoded, encoding, address, … }`, the file
 * `polkadot-js` / `subkey`-compatible wallets write) unlocked with `password`; sr25519 only.
 */
export async function sr25519KeypairFromKeystore(
  json: string,
  password: Secret,
): Promise<Sr25519Keypair> {
  await cryptoWaitReady();
  let parsed: { encoded?: unknown; encoding?: { content?: unknown; type?: unknown } };
  try {
    parsed = JSON.parse(json) as typeof parsed;
  } catch {
    throw new Error('attestation keystore: not valid JSON');
  }
  const content = parsed.encoding?.content;
  if (!Array.isArray(content) || content[1] !== 'sr25519' || typeof parsed.encoded !== 'string') {
    throw new Error(
      'attestation keystore: expected a Polkadot.js keystore export of an sr25519 key',
    );
  }
  const type = parsed.encoding?.type;
  try {
    const pair = decodePair(
      password.reveal(),
      base64Decode(parsed.encoded),
      type as Parameters<typeof decodePair>[2],
    );
    return { publicKey: pair.publicKey, secretKey: pair.secretKey };
  } catch {
    throw new Error('attestation keystore: wrong password or corrupt file');
  }
}

function seedOf(phrase: string, password: string | undefined): Uint8Array {
  if (MINI_SECRET.test(phrase)) {
    if (password !== undefined) {
      throw new Error('attestation signing key: a hex seed takes no ///password');
    }
    return hexToU8a(phrase);
  }
  if (!mnemonicValidate(phrase)) {
    throw new Error(`attestation signing key: not a valid BIP-39 mnemonic; ${EXPECTED}`);
  }
  return mnemonicToMiniSecret(phrase, password);
}

function keypairFromSeed(seed: Uint8Array): Sr25519Keypair {
  const pair = sr25519KeypairFromSeed(seed);
  return { secretKey: pair.slice(0, 64), publicKey: pair.slice(64, 96) };
}
