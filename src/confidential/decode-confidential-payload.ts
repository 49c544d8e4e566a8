import type { ConfidentialJobPayload } from './confidential-job-payload';
import { validateConfidentialJobPayload } from './confidential-job-payload';
import { openPayloadJson, type PayloadKeys } from './open-payload-json';
import { payloadError, type PayloadError, type PayloadForm } from './payload-result';

export interface DecodedPayload {
  readonly ok: true;
  readonly form: PayloadForm;
  readonly payload: ConfidentialJobPayload;
}

/**
 * The job a `phala_job_processor` payload describes (`encrypted_payload`, spec §7.2), from either
 * the frontend's base64 JSON or a `pmenc1:` envelope sealed to the service key. Never throws.
 */
export function decodeConfidentialPayload(
  payloadText: string,
  keys: PayloadKeys,
): DecodedPayload | PayloadError {
  const opened = openPayloadJson(payloadText, keys);
  if (!opened.ok) {
    return opened;
  }
  const payload = validateConfidentialJobPayload(opened.json);
  return payload.ok
    ? { ok: true, form: opened.form, payload: payload.value }
    : payloadError('invalid-fields', payload.reason);
}
