import { u8aToHex } from '@polkadot/util';
import { sr25519Sign, waitReady } from '@polkadot/wasm-crypto';
import type { Secret } from '../shared';
import { encodeValidatedEnvelope } from './attestation-payload-bytes';
import type { AttestationEnvelope, Hex, SignedAttestation } from './attestation-types';
import { assertValidEnvelope, InvalidAttestationError } from './attestation-validation';
import type { AttestationSigner } from './signer';
import {
  type Sr25519Keypair,
  sr25519KeypairFromKeystore,
  sr25519KeypairFromSecret,
} from './sr25519-keypair';

/**
 * AttestationSigner over @polkadot/wasm-crypto's sr25519 (schnorrkel, signing context
 * "substrate"), called directly: several times faster than util-crypto's pure-JS path
 * (`npm run bench:attestation`). The secret key stays in a private field and is never printed.
 */
export class Sr25519AttestationSigner implements AttestationSigner {
  readonly #secretKey: Uint8Array;
  readonly #publicKey: Uint8Array;

  private constructor(
    keypair: Sr25519Keypair,
    readonly publicKey: Hex,
  ) {
    this.#secretKey = keypair.secretKey;
    this.#publicKey = keypair.publicKey;
  }

  /** A signer for a mini-secret (`0x` + 64 hex) or a secret URI such as `//Dev` (sr25519-keypair.ts). */
  static async fromSecret(secret: Secret): Promise<Sr25519AttestationSigner> {
    const keypair = await sr25519KeypairFromSecret(secret);
    return new Sr25519AttestationSigner(keypair, u8aToHex(keypair.publicKey));
  }

  /** A signer for the sr25519 key in a Polkadot.js keystore export (JSON text) and its password. */
  static async fromKeystore(json: string, password: Secret): Promise<Sr25519AttestationSigner> {
    const keypair = await sr25519KeypairFromKeystore(json, password);
    return new Sr25519AttestationSigner(keypair, u8aToHex(keypair.publicKey));
  }

  async sign(envelope: AttestationEnvelope): Promise<SignedAttestation> {
    await waitReady();
    assertValidEnvelope(envelope);
    if (envelope.workerPublicKey !== this.publicKey) {
      throw new InvalidAttestationError(
        'malformed-envelope',
        'workerPublicKey',
        `workerPublicKey: ${envelope.workerPublicKey} is not this signer's key ${this.publicKey}`,
      );
    }
    // validated just above: encode without validating the same value again
    const payload = encodeValidatedEnvelope(envelope);
    const signature = sr25519Sign(this.#publicKey, this.#secretKey, payload);
    return { envelope, signature: u8aToHex(signature) };
  }

  toString(): string {
    return `Sr25519AttestationSigner(${this.publicKey})`;
  }
}
