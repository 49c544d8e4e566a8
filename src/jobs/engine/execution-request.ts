import type { ContentDigest, ContentStore } from '../../content-store';
import type { ExecutionRequest } from '../../executors';
import { parseModelRef } from '../../references';
import type { JobWork } from './job-work';

/**
 * What the executor runs for an admitted job: its model, and its input (and an `onnx:` model's
 * bytes) from the content store. `invalid` when the job cannot run at all; throws when stored
 * content is missing (a retryable failure of the attempt).
 */
export async function buildExecutionRequest(
  work: JobWork,
  contents: Pick<ContentStore, 'get'>,
): Promise<ExecutionRequest | { invalid: string }> {
  const model = parseModelRef(work.modelRef);
  if (!model.ok || work.inputDigest === null) {
    return { invalid: model.ok ? 'no admitted input' : model.reason };
  }
  const input = await contents.get(work.inputDigest as ContentDigest);
  if (input === null) {
    throw new Error(`admitted input ${work.inputDigest} is missing from the content store`);
  }
  let modelBytes: Uint8Array | undefined;
  if (model.ref.kind === 'onnx') {
    const stored = await contents.get(model.ref.digest);
    if (stored === null) {
      throw new Error(`model ${model.ref.digest} is missing from the content store`);
    }
    modelBytes = stored.bytes;
  }
  return {
    model: model.ref,
    input: input.bytes,
    inputMediaType: input.mediaType,
    ...(modelBytes === undefined ? {} : { modelBytes }),
  };
}
