import type { ContentDigest, ContentStore } from '../../content-store';
import { parseDataRef, parseModelRef, type DataResolver, type ModelRef } from '../references';
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
 * content store so that every attempt and every re-run reads the very same bytes.
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
    if (model.ref.kind === 'onnx' && !(await this.contents.has(model.ref.digest))) {
      return {
        kind: 'retry',
        reason: `model ${model.ref.digest} is not in the content store (yet)`,
      };
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
}

function reject(code: string, reason: string): AdmissionVerdict {
  return { kind: 'reject', code, reason };
}
