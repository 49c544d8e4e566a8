import { InferenceSession } from 'onnxruntime-node';
import { InvalidInputError } from '../executor';
import { findFileReach, readOnnxMetadata } from '../onnx-format';

/** A loaded model: its session and the metadata_props it carries. */
export interface LoadedModel {
  readonly session: InferenceSession;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * One thread, sequential execution: onnxruntime's parallel kernels may sum in a different order
 * from run to run, and the output digest must not change.
 */
const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

/** Keeps the most recently used sessions by model digest; evicted sessions are released. */
export class SessionCache {
  private readonly loaded = new Map<string, Promise<LoadedModel>>();

  constructor(private readonly capacity: number) {}

  async get(digest: string, bytes: Uint8Array): Promise<LoadedModel> {
    let model = this.loaded.get(digest);
    if (model === undefined) {
      model = load(bytes);
      // Don't keep a failed load: the next request retries it.
      model.catch(() => this.loaded.delete(digest));
    } else {
      this.loaded.delete(digest);
    }
    this.loaded.set(digest, model);
    await this.evictBeyondCapacity();
    return model;
  }

  async clear(): Promise<void> {
    const models = [...this.loaded.values()];
    this.loaded.clear();
    await Promise.all(models.map(release));
  }

  private async evictBeyondCapacity(): Promise<void> {
    while (this.loaded.size > this.capacity) {
      const [oldest, model] = this.loaded.entries().next().value as [string, Promise<LoadedModel>];
      this.loaded.delete(oldest);
      await release(model);
    }
  }
}

async function load(bytes: Uint8Array): Promise<LoadedModel> {
  // Admission refuses these too; checked again here, right before onnxruntime sees the bytes.
  const reach = findFileReach(bytes);
  if (reach !== null) {
    throw new InvalidInputError(`the model was refused: ${reach.reason}`);
  }
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(bytes, SESSION_OPTIONS);
  } catch (err) {
    throw new InvalidInputError(`the model could not be loaded: ${(err as Error).message}`);
  }
  try {
    return { session, metadata: readOnnxMetadata(bytes) };
  } catch {
    // onnxruntime accepted it, so it is a valid model; only our metadata reader gave up.
    return { session, metadata: {} };
  }
}

async function release(model: Promise<LoadedModel>): Promise<void> {
  try {
    await (await model).session.release();
  } catch {
    // A model that failed to load holds nothing to release.
  }
}
