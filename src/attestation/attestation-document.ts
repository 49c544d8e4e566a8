/**
 * The documents `polkamesh verify-attestation` reads (ADR 0010 §Input): a signed attestation
 * `{ "envelope": …, "signature": … }` (exactly those keys), or the body of
 * `GET /jobs/:id/attestation` as the API returns it (any object with a `signed` key; its `onChain`
 * record, when present, is compared with the attestation; every other key is ignored).
 */
import type { SignedAttestation } from './attestation-types';
import { InvalidAttestationError } from './attestation-validation';
import type { OnChainAttestationRecord } from './on-chain-attestation';
import { signedAttestationFromJson } from './signed-attestation-json';

export type AttestationDocumentForm = 'signed-attestation' | 'api-body';

export interface AttestationDocument {
  readonly form: AttestationDocumentForm;
  readonly signed: SignedAttestation;
  /** The API body's phala_job_processor record, when it has one. */
  readonly onChain: OnChainAttestationRecord | null;
}

/**
 * Parses a document; throws InvalidAttestationError: 'malformed-json' (not JSON, not an object of
 * either form), 'no-attestation' (an API body whose `signed` is null), or the envelope's and the
 * signature's own reasons. Does not verify the signature.
 */
export function parseAttestationDocument(text: string): AttestationDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidAttestationError('malformed-json', '', 'not valid JSON', { cause: err });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidAttestationError(
      'malformed-json',
      '',
      'expected a JSON object: { envelope, signature } or the body of GET /jobs/:id/attestation',
    );
  }
  if (!('signed' in value)) {
    return { form: 'signed-attestation', signed: signedAttestationFromJson(value), onChain: null };
  }
  const body = value as Record<string, unknown>;
  if (body['signed'] === null) {
    throw new InvalidAttestationError(
      'no-attestation',
      'signed',
      'the API body holds no signed attestation (signed: null): the service did not attest this job',
    );
  }
  return {
    form: 'api-body',
    signed: signedAttestationFromJson(body['signed']),
    onChain: onChainRecord(body['onChain']),
  };
}

function onChainRecord(value: unknown): OnChainAttestationRecord | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const record = value as Record<string, unknown>;
  const fields = ['confidentialJobId', 'resultHash', 'attestationProof', 'teeWorkerPubkey'];
  const [confidentialJobId, resultHash, attestationProof, teeWorkerPubkey] = fields.map(
    (field) => record[field],
  );
  return typeof confidentialJobId === 'string' &&
    typeof resultHash === 'string' &&
    typeof attestationProof === 'string' &&
    typeof teeWorkerPubkey === 'string'
    ? { confidentialJobId, resultHash, attestationProof, teeWorkerPubkey }
    : null;
}
