import type { ModelRef } from '../references';

/**
 * What an executor receives. Everything is plain data so that it crosses the sandbox boundary
 * (child-process IPC with `serialization: 'advanced'`) unchanged.
 */
export interface ExecutionRequest {
  /** The parsed `model_ref` of the job. */
  readonly model: ModelRef;
  /** The resolved `data_ref` bytes. */
  readonly input: Uint8Array;
  /** The media type the data came with (`image/png`, `audio/wav`, `text/csv`, …); may be generic. */
  readonly inputMediaType: string;
  /**
   * For `onnx:sha256:<digest>` models: the model's bytes, read from the content store by the engine
   * (executors never touch storage). Absent for built-in models.
   */
  readonly modelBytes?: Uint8Array;
  /** Settings an executor may need (LLM endpoint, …); never secrets it does not need. */
  readonly settings?: ExecutorSettings;
}

export interface ExecutorSettings {
  /** OpenAI-compatible base URL (`http://127.0.0.1:11434/v1`); LLM jobs are refused without it. */
  readonly llmBaseUrl?: string;
  readonly llmApiKey?: string;
  /** Per-request limit for the LLM call, ms. */
  readonly llmTimeoutMs?: number;
}

/** A file an executor produced besides its output, stored by the engine under its digest. */
export interface ExecutionArtifact {
  /** What it is, e.g. `model` for a trained model. */
  readonly role: string;
  readonly bytes: Uint8Array;
  readonly mediaType: string;
}

/**
 * What an executor returns. `output` is the canonical result: the attestation's output digest is the
 * SHA-256 of exactly these bytes, so running the same request again must give the same bytes
 * (round floats before serialising; fix seeds; one thread where the runtime is not deterministic).
 */
export interface ExecutionResult {
  readonly output: Uint8Array;
  /** `text/plain; charset=utf-8` for OCR text, `application/json` for structured results. */
  readonly outputMediaType: string;
  /** `sha256:<hex>` of the model files used (built-in models: of their bytes in the npm package). */
  readonly modelDigest: string;
  /** `<executor>@<version>`, e.g. `ocr-pp-ocrv4@1`; bump when the output for the same input changes. */
  readonly executorVersion: string;
  /** A few figures for the API and the logs (JSON-serialisable, small). */
  readonly summary: Readonly<Record<string, string | number | boolean | null>>;
  readonly artifacts?: readonly ExecutionArtifact[];
}

/**
 * The input is wrong for this model (not an image, bad CSV, …): the job fails without retries.
 * Any other error thrown by an executor counts as a transient failure and may be retried.
 */
export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/** One kind of model. Instances may cache loaded models between `run` calls in the same process. */
export interface Executor {
  run(request: ExecutionRequest): Promise<ExecutionResult>;
  /** Releases sessions and native memory. */
  close?(): Promise<void>;
}
