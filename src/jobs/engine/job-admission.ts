import { ContentCorruptedError, type ContentDigest, type ContentStore } from '../../content-store';
import { findFileReach } from '../../executors';
import type { DataResolver } from '../references';
import { parseDataRef, parseModelRef, type ModelRef } from '../../references';
import type { JobWork } from './job-work';

export interface AdmissionPolicy {
  /** Lowest budget we accept, contract units. */
  readonly minBudget: bigint;
  /** Largest input we fetch, bytes. */
  readonly maxInputBytes: number;
  /** LLM jobs are only admitted when an LLM endpoint is configured. */
  readonly llmEnabled: boolean;
}

/** The model and data a job runs with; for confidential jobs they come from the payload. */
export interface JobRefs {
  readonly modelRef: string;
  readonly dataRef: string;
}

export type AdmissionVerdict =
  | {
      readonly kind: 'admit';
      readonly model: ModelRef;
      /** The input, now held in the content store. */
      readonly inputDigest: ContentDigest;
    }
  | { readonly kind: 'reject'; readonly code: string; readonly reason: string }
  /** Not decidable yet (content not uploaded, network trouble): try again later. */
  | { readonly kind: 'retry'; readonly reason: string };

/**
 * Checks a discovered job against what this service can and will run: deadline, budget, model,
 * data (fetched, size-limited, access-checked for data NFTs). Admitted input is copied into the
 * content store, as data, so that every attempt and every re-run reads the very same bytes.
 * An `onnx:` model must be in the store as a model (uploaded with `content:write` or trained here,
 * never a job's input) and self-contained (no external data): ADR 0011.
 */
export class JobAdmission {
  constructor(
    private readonly policy: AdmissionPolicy,
    private readonly resolver: DataResolver,
    private readonly contents: ContentStore,
  ) {}

  async admit(work: JobWork, refs: JobRefs, finalizedBlock: number): Promise<AdmissionVerdict> {
    if (finalizedBlock >= work.deadlineBlock) {
      return reject(
        'deadline-passed',
        `deadline block ${work.deadlineBlock} is not after the finalized block ${finalizedBlock}`,
      );
    }
    if (work.budget < this.policy.minBudget) {
      return reject(
        'budget-too-low',
        `budget ${work.budget} is below this service's price of ${this.policy.minBudget} (contract units)`,
      );
    }
    const model = parseModelRef(refs.modelRef);
    if (!model.ok) {
      return reject(`model-${model.code}`, model.reason);
    }
    if (model.ref.kind === 'llm' && !this.policy.llmEnabled) {
      return reject('llm-disabled', 'LLM jobs are disabled on this service (no LLM_BASE_URL)');
    }
    if (model.ref.kind === 'onnx') {
      const refused = await this.checkUserModel(model.ref.digest);
      if (refused !== null) {
        return refused;
      }
    }
    const data = parseDataRef(refs.dataRef, { maxInlineBytes: this.policy.maxInputBytes });
    if (!data.ok) {
      return reject(`data-${data.code}`, data.reason);
    }
    const resolved = await this.resolver.resolve(data.ref, {
      requester: work.owner,
      maxBytes: this.policy.maxInputBytes,
    });
    if (!resolved.ok) {
      return resolved.retryable
        ? { kind: 'retry', reason: resolved.reason }
        : reject('data-unavailable', resolved.reason);
    }
    const inputDigest = await this.contents.put(resolved.bytes, resolved.mediaType);
    return { kind: 'admit', model: model.ref, inputDigest };
  }

  /** Null when the model may run; the executor checks its bytes again before loading them. */
  private async checkUserModel(digest: ContentDigest): Promise<AdmissionVerdict | null> {
    const stat = await this.contents.stat(digest);
    if (stat === null) {
      return { kind: 'retry', reason: `model ${digest} is not in the content store (yet)` };
    }
    if (!stat.isModel) {
      return reject(
        'model-data-only',
        `${digest} was stored as job data, not as a model: an onnx: model must be uploaded with POST /content (scope content:write) or be a model trained by this service`,
      );
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = (await this.contents.get(digest))?.bytes;
    } catch (err) {
      if (!(err instanceof ContentCorruptedError)) {
        throw err;
      }
      return { kind: 'retry', reason: `model ${digest} is corrupted in the content store` };
    }
    if (bytes === undefined) {
      return { kind: 'retry', reason: `model ${digest} is not in the content store (yet)` };
    }
    const reach = findFileReach(bytes);
    return reach === null ? null : reject(`model-${reach.kind}`, reach.reason);
  }
}

function reject(code: string, reason: string): AdmissionVerdict {
  return { kind: 'reject', code, reason };
}
