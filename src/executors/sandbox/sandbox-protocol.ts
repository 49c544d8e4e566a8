import type { ExecutionRequest, ExecutionResult } from '../executor';

/**
 * Messages between the sandbox (parent) and a sandbox child over the IPC channel. The channel uses
 * `serialization: 'advanced'` (structured clone), so Uint8Arrays cross intact.
 */
export interface RunJobMessage {
  readonly type: 'run';
  readonly id: number;
  readonly kind: string;
  readonly request: ExecutionRequest;
}

export interface SerializedExecutorError {
  readonly name: string;
  readonly message: string;
  /** The executor threw `InvalidInputError`: the input is at fault, the child is still healthy. */
  readonly invalidInput: boolean;
}

export type JobReply =
  | {
      readonly type: 'done';
      readonly id: number;
      readonly ok: true;
      readonly result: ExecutionResult;
    }
  | {
      readonly type: 'done';
      readonly id: number;
      readonly ok: false;
      readonly error: SerializedExecutorError;
    };

export type ChildMessage =
  /** The child listens for jobs. */
  | { readonly type: 'ready' }
  /** The child's own RSS, sent while a job runs where the parent cannot read `/proc`. */
  | { readonly type: 'rss'; readonly rssBytes: number }
  | (JobReply & { readonly rssBytes: number });

/** A light shape check: the child is our own code, but a broken executor may write anything. */
export function isChildMessage(value: unknown): value is ChildMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) {
    return false;
  }
  switch (value.type) {
    case 'ready':
      return true;
    case 'rss':
      return 'rssBytes' in value && typeof value.rssBytes === 'number';
    case 'done':
      return 'id' in value && typeof value.id === 'number' && 'ok' in value;
    default:
      return false;
  }
}

export function isRunJobMessage(value: unknown): value is RunJobMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    value.type === 'run' &&
    'id' in value &&
    typeof value.id === 'number' &&
    'kind' in value &&
    typeof value.kind === 'string' &&
    'request' in value
  );
}
