import { computeContentDigest, type ContentStore } from '../../content-store';
import { parseModelRef } from '../../references';
import type { JobAttestor } from './job-attestor';
import type { RunOutcome } from './job-runner';
import type { JobWork, WorkResult } from './job-work';

/**
 * Keeps a successful attempt's output and artifacts in the content store and attests the result.
 * A training job's `model` artifact is stored as a model, so it may run later as
 * `onnx:sha256:<digest>`; nothing else may (ADR 0011).
 */
export async function keepAttemptResult(
  work: JobWork,
  outcome: Extract<RunOutcome, { status: 'ok' }>,
  contents: Pick<ContentStore, 'put'>,
  attestor: Pick<JobAttestor, 'attest'>,
): Promise<{ readonly result: WorkResult; readonly attestation: string }> {
  const { result } = outcome;
  const outputDigest = await contents.put(result.output, result.outputMediaType);
  if (outputDigest !== computeContentDigest(result.output)) {
    throw new Error('content store returned a different digest for the output');
  }
  const artifacts: Record<string, string> = {};
  const model = parseModelRef(work.modelRef);
  const isTraining = model.ok && model.ref.kind === 'train';
  for (const artifact of result.artifacts ?? []) {
    const asModel = isTraining && artifact.role === 'model';
    const { bytes, mediaType } = artifact;
    artifacts[artifact.role] = await contents.put(bytes, mediaType, { asModel });
  }
  const workResult: WorkResult = {
    inputDigest: work.inputDigest ?? '',
    modelDigest: result.modelDigest,
    outputDigest,
    outputMediaType: result.outputMediaType,
    executorVersion: result.executorVersion,
    summary: result.summary,
    artifacts,
    durationMs: outcome.durationMs,
  };
  const { json } = await attestor.attest(work, workResult);
  return { result: workResult, attestation: json };
}
