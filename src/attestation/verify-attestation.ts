import { hexToU8a } from '@polkadot/util';
import { sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { attestationDigestOfPayload } from './attestation-envelope';
import { encodeValidatedEnvelope } from './attestation-payload-bytes';
import type { Hex } from './attestation-types';
import {
  assertValidEnvelope,
  InvalidAttestationError,
  type InvalidAttestationReason,
} from './attestation-validation';
import { type AttestationDocument, parseAttestationDocument } from './attestation-document';
import { onChainMismatches } from './on-chain-attestation';
import { checkSignature, parseSignedAttestation } from './signed-attestation-json';

/** Why verification failed: the attestation could not be checked, or it was checked and is false. */
export type AttestationRejection = InvalidAttestationReason | 'wrong-key' | 'bad-signature';

/** The outcome of a verification; never an exception for bad input. */
export type AttestationVerdict =
  | { readonly ok: true; readonly digest: Hex }
  | { readonly ok: false; readonly reason: AttestationRejection; readonly message: string };

export interface VerifyAttestationOptions {
  /** When set, the envelope's workerPublicKey must be this key (`0x` + 64 hex), else 'wrong-key'. */
  readonly expectedPublicKey?: string;
}

/**
 * Checks, in this order: version ('unsupported-version'), every envelope field
 * ('malformed-envelope'), the signature's form ('malformed-signature'), the expected key
 * ('wrong-key'), and the sr25519 signature over `buildAttestationPayload(envelope)` made by
 * `envelope.workerPublicKey` ('bad-signature'). On success it returns the attestation digest.
 */
export async function verifyAttestation(
  envelope: unknown,
  signatureHex: string,
  options: VerifyAttestationOptions = {},
): Promise<AttestationVerdict> {
  await waitReady();
  try {
    assertValidEnvelope(envelope);
    const signature = checkSignature(signatureHex);
    const expected = options.expectedPublicKey?.toLowerCase();
    if (expected !== undefined && expected !== envelope.workerPublicKey) {
      return reject(
        'wrong-key',
        `signed for worker key ${envelope.workerPublicKey}, expected ${expected}`,
      );
    }
    // validated at the top of this block: encode without validating the same value again
    const payload = encodeValidatedEnvelope(envelope);
    if (!sr25519Verify(hexToU8a(signature), payload, hexToU8a(envelope.workerPublicKey))) {
      return reject(
        'bad-signature',
        `the signature does not verify for the envelope and worker key ${envelope.workerPublicKey}`,
      );
    }
    return { ok: true, digest: attestationDigestOfPayload(payload) };
  } catch (err) {
    if (err instanceof InvalidAttestationError) {
      return reject(err.reason, err.message);
    }
    throw err;
  }
}

/** Parses signed-attestation JSON text (signed-attestation-json.ts) and verifies it. */
export async function verifySignedAttestationJson(
  text: string,
  options: VerifyAttestationOptions = {},
): Promise<AttestationVerdict> {
  let signed;
  try {
    signed = parseSignedAttestation(text);
  } catch (err) {
    if (err instanceof InvalidAttestationError) {
      return reject(err.reason, err.message);
    }
    throw err;
  }
  return verifyAttestation(signed.envelope, signed.signature, options);
}

/** The verdict on a document, with what was read when it could be read. */
export type AttestationDocumentVerdict = AttestationVerdict & {
  /** The parsed document; absent when it could not be parsed. */
  readonly document?: AttestationDocument;
  /**
   * An API body's on-chain record compared with the attestation: the differences (empty: it is
   * exactly this attestation), or null without a record. Informational: it does not change `ok`.
   */
  readonly onChainMismatches?: readonly string[] | null;
};

/**
 * Verifies a signed attestation or a `GET /jobs/:id/attestation` body (attestation-document.ts):
 * the reasons of verifyAttestation plus 'malformed-json' and 'no-attestation'.
 */
export async function verifyAttestationDocument(
  text: string,
  options: VerifyAttestationOptions = {},
): Promise<AttestationDocumentVerdict> {
  let document: AttestationDocument;
  try {
    document = parseAttestationDocument(text);
  } catch (err) {
    if (err instanceof InvalidAttestationError) {
      return reject(err.reason, err.message);
    }
    throw err;
  }
  const { signed, onChain } = document;
  const verdict = await verifyAttestation(signed.envelope, signed.signature, options);
  return {
    ...verdict,
    document,
    onChainMismatches: onChain === null ? null : onChainMismatches(signed, onChain),
  };
}

function reject(reason: AttestationRejection, message: string): AttestationVerdict {
  return { ok: false, reason, message };
}
