import type { JsonValue } from './open-payload-json';
import {
  objectWithKeys,
  readAliased,
  readNonEmptyString,
  readU128,
  type FieldResult,
} from './payload-fields';

/**
 * What a confidential job asks for. `queueJobId` is the ai_job_queue job the payload belongs to
 * (the only link between the two contracts, spec §9.1 (c)); `modelRef` and `dataRef` use the
 * queue's reference grammar (a `dataRef` may be an inline `data:` URL) and are parsed later by
 * the job's executor, not here.
 */
export interface ConfidentialJobPayload {
  readonly queueJobId: bigint;
  readonly modelRef: string;
  readonly dataRef: string;
}

/**
 * Wire JSON: `{"jobId": 7, "model": "…", "data": "…"}` as the web frontend writes it;
 * `modelRef` / `dataRef` are accepted as spellings of `model` / `data` (one of each, not both).
 * `jobId` is a positive integer (number or decimal string); no other fields are allowed.
 */
const FIELDS = ['jobId', 'model', 'modelRef', 'data', 'dataRef'] as const;

export function validateConfidentialJobPayload(json: unknown): FieldResult<ConfidentialJobPayload> {
  const object = objectWithKeys(json, FIELDS);
  if (!object.ok) {
    return object;
  }
  const fields = object.value;
  if (!Object.hasOwn(fields, 'jobId')) {
    return { ok: false, reason: 'missing field jobId (the ai_job_queue job id)' };
  }
  const jobId = readU128(fields['jobId'], 'jobId', { allowNumber: true, min: 1n });
  if (!jobId.ok) {
    return jobId;
  }
  const modelRef = readAliasedString(fields, ['model', 'modelRef']);
  if (!modelRef.ok) {
    return modelRef;
  }
  const dataRef = readAliasedString(fields, ['data', 'dataRef']);
  if (!dataRef.ok) {
    return dataRef;
  }
  return {
    ok: true,
    value: { queueJobId: jobId.value, modelRef: modelRef.value, dataRef: dataRef.value },
  };
}

/** The frontend's wire JSON for `payload` (`jobId` a number when it is a safe integer). */
export function confidentialJobPayloadJson(payload: ConfidentialJobPayload): JsonValue {
  const id = payload.queueJobId;
  return {
    jobId: id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id.toString(),
    model: payload.modelRef,
    data: payload.dataRef,
  };
}

function readAliasedString(
  fields: Readonly<Record<string, unknown>>,
  names: readonly [string, string],
): FieldResult<string> {
  const field = readAliased(fields, names);
  return field.ok ? readNonEmptyString(field.value.value, field.value.name) : field;
}
