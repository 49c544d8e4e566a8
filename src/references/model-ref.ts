import { isContentDigest, type ContentDigest } from '../content-store';
import { quoteRef, rejectRef, type ParseResult } from './parse-result';

/** Built-in models by family; a family's ids are the only ones `parseModelRef` accepts for it. */
export const KNOWN_MODELS = {
  ocr: ['pp-ocrv4'],
  audio: ['silero-vad'],
  vision: ['mobilenet-v2'],
} as const;

export const TRAIN_TASKS = ['tabular-classification', 'tabular-regression'] as const;

export type OcrModelId = (typeof KNOWN_MODELS.ocr)[number];
export type AudioModelId = (typeof KNOWN_MODELS.audio)[number];
export type VisionModelId = (typeof KNOWN_MODELS.vision)[number];
export type TrainTask = (typeof TRAIN_TASKS)[number];

/** A job's `model_ref`, parsed. `formatModelRef` gives back the canonical text. */
export type ModelRef =
  | { readonly kind: 'ocr'; readonly model: OcrModelId }
  | { readonly kind: 'audio'; readonly model: AudioModelId }
  | { readonly kind: 'vision'; readonly model: VisionModelId }
  /** A user-supplied ONNX model, fetched from the content store by digest. */
  | { readonly kind: 'onnx'; readonly digest: ContentDigest }
  | { readonly kind: 'train'; readonly task: TrainTask }
  /** A language model by name; whether a backend serves it is decided at admission. */
  | { readonly kind: 'llm'; readonly name: string };

export type ModelRefKind = ModelRef['kind'];

export const MAX_MODEL_REF_LENGTH = 256;
const LLM_NAME = /^[a-z0-9][a-z0-9._:/-]{0,127}$/i;
const FRONTEND_PLACEHOLDER = /^model:(cpu|gpu|tpu):/i;

/** One line listing the accepted forms; part of every "unsupported" reason. */
export const SUPPORTED_MODEL_REFS = [
  ...(['ocr', 'audio', 'vision'] as const).flatMap((family) =>
    KNOWN_MODELS[family].map((model) => `${family}:${model}`),
  ),
  'onnx:sha256:<64 hex>',
  `train:<${TRAIN_TASKS.join('|')}>`,
  'llm:<name>',
].join(', ');

function includes<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** Parses a `model_ref` strictly (exact case, no surrounding whitespace). Never throws. */
export function parseModelRef(text: string): ParseResult<ModelRef> {
  if (text.length > MAX_MODEL_REF_LENGTH) {
    return rejectRef('malformed', `model_ref is longer than ${MAX_MODEL_REF_LENGTH} characters`);
  }
  if (FRONTEND_PLACEHOLDER.test(text)) {
    return rejectRef(
      'frontend-placeholder',
      `model_ref ${quoteRef(text)} is the web frontend's placeholder (a compute class and the ` +
        `job description), not a model; submit one of: ${SUPPORTED_MODEL_REFS}`,
    );
  }
  const colon = text.indexOf(':');
  const scheme = colon < 0 ? '' : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  switch (scheme) {
    case 'ocr':
      return includes(KNOWN_MODELS.ocr, rest)
        ? { ok: true, ref: { kind: 'ocr', model: rest } }
        : unknownModel(scheme, rest, KNOWN_MODELS.ocr);
    case 'audio':
      return includes(KNOWN_MODELS.audio, rest)
        ? { ok: true, ref: { kind: 'audio', model: rest } }
        : unknownModel(scheme, rest, KNOWN_MODELS.audio);
    case 'vision':
      return includes(KNOWN_MODELS.vision, rest)
        ? { ok: true, ref: { kind: 'vision', model: rest } }
        : unknownModel(scheme, rest, KNOWN_MODELS.vision);
    case 'onnx':
      return isContentDigest(rest)
        ? { ok: true, ref: { kind: 'onnx', digest: rest } }
        : rejectRef('malformed', `onnx model_ref must be onnx:sha256:<64 lowercase hex>`);
    case 'train':
      return includes(TRAIN_TASKS, rest)
        ? { ok: true, ref: { kind: 'train', task: rest } }
        : unknownModel(scheme, rest, TRAIN_TASKS);
    case 'llm':
      return LLM_NAME.test(rest)
        ? { ok: true, ref: { kind: 'llm', name: rest } }
        : rejectRef(
            'malformed',
            'llm model_ref must be llm:<name> (1-128 of letters, digits, . _ : / -)',
          );
    default:
      return rejectRef(
        'unsupported',
        `model_ref ${quoteRef(text)} is not supported; use one of: ${SUPPORTED_MODEL_REFS}`,
      );
  }
}

function unknownModel(scheme: string, id: string, known: readonly string[]): ParseResult<never> {
  return rejectRef(
    'unsupported',
    `unknown ${scheme} model ${quoteRef(id)}; supported: ${known.map((k) => `${scheme}:${k}`).join(', ')}`,
  );
}

/** The canonical text of a parsed reference; `parseModelRef(formatModelRef(r))` gives `r` back. */
export function formatModelRef(ref: ModelRef): string {
  switch (ref.kind) {
    case 'ocr':
    case 'audio':
    case 'vision':
      return `${ref.kind}:${ref.model}`;
    case 'onnx':
      return `onnx:${ref.digest}`;
    case 'train':
      return `train:${ref.task}`;
    case 'llm':
      return `llm:${ref.name}`;
  }
}
