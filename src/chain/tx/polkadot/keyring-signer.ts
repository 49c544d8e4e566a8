import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair, KeyringPair$Json } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { h160FromAccountId, type H160 } from '../../../contracts';
import type { Secret } from '../../../shared';
import type { SignatureScheme, Signer } from '../signer';

/**
 * Signer over a Polkadot.js keyring pair (sr25519 by default): from a seed / mnemonic / dev URI
 * (`WORKER_SEED=//Alice`, a 0x seed, or twelve words) or from a Polkadot.js keystore JSON file and
 * its password. The pair is held privately; printing the signer shows its address only.
 */
export class KeyringSigner implements Signer {
  readonly scheme: SignatureScheme;
  readonly address: string;
  readonly accountId: string;
  readonly h160: H160;
  readonly #pair: KeyringPair;

  private constructor(pair: KeyringPair) {
    this.#pair = pair;
    this.scheme = pair.type === 'ed25519' ? 'ed25519' : 'sr25519';
    this.address = pair.address;
    this.accountId = u8aToHex(pair.publicKey);
    this.h160 = h160FromAccountId(pair.publicKey);
  }

  /** From a secret URI: mnemonic, `0x` seed, or derivation like `//Alice` (dev keys). */
  static async fromUri(uri: Secret, scheme: SignatureScheme = 'sr25519'): Promise<KeyringSigner> {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: scheme, ss58Format: 42 });
    try {
      return new KeyringSigner(keyring.addFromUri(uri.reveal()));
    } catch {
      // never echo the input: it is the secret
      throw new Error('invalid signing key: the seed / URI could not be parsed');
    }
  }

  /** From a Polkadot.js keystore export (JSON text or object) and its password. */
  static async fromKeystore(
    json: string | KeyringPair$Json,
    password: Secret,
  ): Promise<KeyringSigner> {
    await cryptoWaitReady();
    const parsed = typeof json === 'string' ? (JSON.parse(json) as KeyringPair$Json) : json;
    const keyring = new Keyring({ ss58Format: 42 });
    const pair = keyring.addFromJson(parsed);
    try {
      pair.decodePkcs8(password.reveal());
    } catch {
      throw new Error(`cannot unlock keystore of ${pair.address}: wrong password or corrupt file`);
    }
    return new KeyringSigner(pair);
  }

  static async fromKeystoreFile(path: string, password: Secret): Promise<KeyringSigner> {
    return KeyringSigner.fromKeystore(await readFile(path, 'utf8'), password);
  }

  sign(message: Uint8Array): Uint8Array {
    return this.#pair.sign(message);
  }

  toJSON(): Record<string, string> {
    return { scheme: this.scheme, address: this.address, h160: this.h160 };
  }

  toString(): string {
    return `KeyringSigner(${this.address})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
