import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { computeContentDigest } from '../../content-store';
import {
  InvalidInputError,
  type ExecutionRequest,
  type ExecutionResult,
  type Executor,
} from '../executor';
import { SessionCache } from './session-cache';
import { feedsFromJson } from './tensor-input';
import { MAX_OUTPUT_ELEMENTS, outputJson, roundFloat } from './tensor-output';
import {
  featuresFromTable,
  predictionsOf,
  trainedModelInfo,
  type TrainedModelInfo,
} from './trained-model-input';

export const ONNX_EXECUTOR_VERSION = 'onnx-runtime@1';
const CACHED_SESSIONS = 4;

/**
 * `onnx:sha256:<digest>`: runs a user-supplied ONNX model with onnxruntime (CPU, one thread).
 * A model that would make onnxruntime read anything besides its own bytes (external data, …: see
 * `findFileReach`) is refused as invalid input before it is loaded.
 *
 * Input, either
 * - JSON `{"inputs": {"<name>": {"dims": [..], "data": [..], "type": "float32"}}}` for any model
 *   (see `feedsFromJson`: float32, float64, int32, int64 or bool; at most 10M elements), or
 * - for models made by our trainer (metadata_props `polkamesh.task`, `polkamesh.features`, …), a
 *   CSV table with a header row or a JSON array of objects, from which the named feature columns
 *   are taken.
 *
 * Output (`application/json`): `{"outputs": {"<name>": {"dims", "type", "data"}}}` with outputs in
 * the model's order and floats rounded to 6 significant digits (see `outputJson`); trained models
 * add `"predictions": [...]`, a class label or a regression value per row.
 */
export function createOnnxExecutor(): Executor {
  const sessions = new SessionCache(CACHED_SESSIONS);
  return {
    async run(request: ExecutionRequest): Promise<ExecutionResult> {
      if (request.model.kind !== 'onnx') {
        throw new Error(`the ONNX executor cannot run ${request.model.kind} models`);
      }
      const digest = request.model.digest;
      if (request.modelBytes === undefined) {
        throw new InvalidInputError(`the bytes of model ${digest} were not provided`);
      }
      const actual = computeContentDigest(request.modelBytes);
      if (actual !== digest) {
        throw new Error(`model bytes are corrupt: expected ${digest}, got ${actual}`);
      }
      const { session, metadata } = await sessions.get(digest, request.modelBytes);
      const trained = trainedModelInfo(metadata);
      const feeds = buildFeeds(request.input, session, trained);
      const results = await runSession(session, feeds);
      // fromEntries: an output may be named "__proto__".
      const outputs = Object.fromEntries(
        session.outputNames.map((name) => [name, outputJson(results[name] as Tensor)]),
      );
      const firstOutput = results[session.outputNames[0] ?? ''];
      const predictions =
        trained !== null && feeds.isTable && firstOutput !== undefined
          ? predictionsOf(firstOutput, trained, roundFloat)
          : undefined;
      const body = predictions === undefined ? { outputs } : { outputs, predictions };
      return {
        output: new TextEncoder().encode(JSON.stringify(body)),
        outputMediaType: 'application/json',
        modelDigest: digest,
        executorVersion: ONNX_EXECUTOR_VERSION,
        summary: {
          inputs: session.inputNames.length,
          outputs: session.outputNames.length,
          task: trained?.task ?? null,
          rows: predictions?.length ?? null,
        },
      };
    },
    close: () => sessions.clear(),
  };
}

interface Feeds {
  readonly tensors: Record<string, Tensor>;
  readonly isTable: boolean;
}

function buildFeeds(
  input: Uint8Array,
  session: InferenceSession,
  trained: TrainedModelInfo | null,
): Feeds {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new InvalidInputError('input is not UTF-8 text');
  }
  if (!text.trimStart().startsWith('{') && trained !== null && session.inputNames.length === 1) {
    const name = session.inputNames[0] ?? '';
    return { tensors: { [name]: featuresFromTable(input, trained) }, isTable: true };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`input is not valid JSON: ${(err as Error).message}`);
  }
  return { tensors: feedsFromJson(json, session.inputMetadata), isTable: false };
}

async function runSession(
  session: InferenceSession,
  feeds: Feeds,
): Promise<InferenceSession.ReturnType> {
  let results: InferenceSession.ReturnType;
  try {
    results = await session.run(feeds.tensors);
  } catch (err) {
    // onnxruntime is deterministic here: the same input would fail again.
    throw new InvalidInputError(`the model failed on this input: ${(err as Error).message}`);
  }
  const elements = Object.values(results).reduce((sum, value) => sum + value.size, 0);
  if (elements > MAX_OUTPUT_ELEMENTS) {
    throw new InvalidInputError(
      `the model produced more than ${MAX_OUTPUT_ELEMENTS} output elements`,
    );
  }
  return results;
}
