import { randomBytes } from 'node:crypto';
import { encodeBase64JsonPayload, encryptConfidentialPayload } from '../../src/confidential';
import { demoReceiptDataRef } from '../../src/demo';
import { formatDataRef } from '../../src/references';

/** Jobs that must succeed (or end as the user decided: cancelled). */
export const GOOD_JOB_KINDS = [
  'affine',
  'ocr',
  'private-sealed',
  'private-base64',
  'owner-cancels',
] as const;

/** Bad input a user (or a broken client) can put on-chain; each must end with a reason, never a crash. */
export const BAD_JOB_KINDS = [
  'oversized-model-ref',
  'oversized-data-ref',
  'malformed-model-ref',
  'malformed-data-ref',
  'control-characters',
  'unresolvable-cas',
  'unresolvable-nft',
  'https-data-disabled',
  'unknown-model',
  'undecryptable-payload',
  'payload-not-json',
  'payload-names-other-job',
  'no-payload',
  'looping-model',
  'allocating-model',
] as const;

export type GoodJobKind = (typeof GOOD_JOB_KINDS)[number];
export type BadJobKind = (typeof BAD_JOB_KINDS)[number];
export type JobKind = GoodJobKind | BadJobKind;

/** What the harness uploaded to the deployment's content store, and its confidential key. */
export interface JobContext {
  readonly affineModel: string;
  readonly loopingModel: string;
  readonly allocatingModel: string;
  /** the service's X25519 key (GET /confidential-key) */
  readonly confidentialKey: Uint8Array;
  /** JOB_MAX_INPUT_BYTES of the deployment */
  readonly maxInputBytes: number;
}

/** How one job goes on-chain: queue refs, and the confidential payload when private. */
export interface JobPlan {
  readonly modelRef: string;
  readonly dataRef: string;
  readonly privacy: boolean;
  /** the phala_job_processor payload for the job id, when private */
  readonly payload?: (jobId: bigint) => string;
  /** the owner cancels it right after assigning it */
  readonly ownerCancels?: boolean;
}

export function affineInput(x: readonly [number, number]): string {
  const json = JSON.stringify({ inputs: { x: { dims: [1, 2], data: x, type: 'float32' } } });
  return formatDataRef({
    kind: 'data-url',
    mediaType: 'application/json',
    bytes: Buffer.from(json),
  });
}

const loopInput = () =>
  formatDataRef({
    kind: 'data-url',
    mediaType: 'application/json',
    bytes: Buffer.from(
      JSON.stringify({
        inputs: { x: { dims: [16], data: new Array(16).fill(1), type: 'float32' } },
      }),
    ),
  });

const randomDigest = (random: () => number) =>
  `sha256:${Array.from({ length: 64 }, () => Math.floor(random() * 16).toString(16)).join('')}`;

/** The on-chain shape of a job of `kind` (pure, apart from the payload's encryption nonce). */
export function planJob(kind: JobKind, ctx: JobContext, random: () => number): JobPlan {
  const x: [number, number] = [Math.floor(random() * 10), Math.floor(random() * 10)];
  const affine = { modelRef: ctx.affineModel, dataRef: affineInput(x), privacy: false };
  const privateJob = (payload: (jobId: bigint) => string): JobPlan => ({
    modelRef: 'confidential',
    dataRef: 'confidential',
    privacy: true,
    payload,
  });
  switch (kind) {
    case 'affine':
      return affine;
    case 'ocr':
      return { modelRef: 'ocr:pp-ocrv4', dataRef: demoReceiptDataRef(), privacy: false };
    case 'owner-cancels':
      return { ...affine, ownerCancels: true };
    case 'private-sealed':
      return privateJob((jobId) =>
        encryptConfidentialPayload(
          { jobId: Number(jobId), model: affine.modelRef, data: affine.dataRef },
          ctx.confidentialKey,
        ),
      );
    case 'private-base64':
      return privateJob((jobId) =>
        encodeBase64JsonPayload({
          jobId: Number(jobId),
          model: affine.modelRef,
          data: affine.dataRef,
        }),
      );
    case 'oversized-model-ref':
      return { ...affine, modelRef: `onnx:${'a'.repeat(48 * 1024)}` };
    case 'oversized-data-ref': {
      const bytes = randomBytes(ctx.maxInputBytes + 4096);
      return {
        ...affine,
        dataRef: formatDataRef({ kind: 'data-url', mediaType: 'application/octet-stream', bytes }),
      };
    }
    case 'malformed-model-ref':
      return { ...affine, modelRef: 'onnx:sha256:xyz;;//..\\' };
    case 'malformed-data-ref':
      return { ...affine, dataRef: 'data:;base64,@@@not*base64@@@' };
    case 'control-characters':
      return { ...affine, modelRef: 'ocr:\u0000\u202e\ud800pp', dataRef: '\u0007\u0000' };
    case 'unresolvable-cas':
      return { ...affine, dataRef: `cas:${randomDigest(random)}` };
    case 'unresolvable-nft':
      return { ...affine, dataRef: 'nft:987654321' };
    case 'https-data-disabled':
      return { ...affine, dataRef: 'https://data.example.invalid/input.json' };
    case 'unknown-model':
      return { ...affine, modelRef: `onnx:${randomDigest(random)}` };
    case 'undecryptable-payload':
      return privateJob(() => `pmenc1:${randomBytes(96).toString('base64')}`);
    case 'payload-not-json':
      return privateJob(() => Buffer.from('this is not json {', 'utf8').toString('base64'));
    case 'payload-names-other-job':
      return privateJob((jobId) =>
        encodeBase64JsonPayload({
          jobId: Number(jobId) + 1_000_000,
          model: affine.modelRef,
          data: affine.dataRef,
        }),
      );
    case 'no-payload':
      return { modelRef: 'confidential', dataRef: 'confidential', privacy: true };
    case 'looping-model':
      return { modelRef: ctx.loopingModel, dataRef: loopInput(), privacy: false };
    case 'allocating-model':
      return { modelRef: ctx.allocatingModel, dataRef: loopInput(), privacy: false };
  }
}
