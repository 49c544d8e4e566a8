import type { RejectReason } from '../transaction-submitter';

const RULES: ReadonlyArray<readonly [RegExp, RejectReason]> = [
  [/outdated|\bstale\b/i, 'stale'],
  [/valid in the future|\bfuture\b/i, 'future'],
  [/priority is too low|\b1014\b/i, 'conflict'],
  [/already imported|\b1013\b|already in the pool/i, 'alreadyKnown'],
  [/inability to pay|\bpayment\b/i, 'payment'],
  [/bad signature|badproof/i, 'badProof'],
  [/ancient birth block/i, 'ancientBirthBlock'],
  [
    /\b1010\b|\b1011\b|\b1012\b|invalid transaction|verification error|could not decode/i,
    'invalid',
  ],
];

/**
 * The pool's answer in an `author_submitExtrinsic` error (codes 1010–1014 and their texts, as
 * Substrate nodes and the devnet send them); null when it is no pool answer (transport failure).
 */
export function classifySubmitError(err: unknown): RejectReason | null {
  const text = describe(err);
  for (const [pattern, reason] of RULES) {
    if (pattern.test(text)) {
      return reason;
    }
  }
  return null;
}

export function describe(err: unknown): string {
  if (err instanceof Error) {
    const data = (err as { data?: unknown }).data;
    return typeof data === 'string' ? `${err.message}: ${data}` : err.message;
  }
  return String(err);
}
