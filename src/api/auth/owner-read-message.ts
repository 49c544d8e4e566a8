/**
 * The message a private job's owner signs to read it (ADR 0013):
 *
 *   polkamesh:read-job:v1:<genesis hash>:<ai_job_queue H160>:<provider H160>:<job id>:<expires at>
 *
 * It names the chain (genesis hash), the queue deployment, the service (the provider H160 it works
 * as: every instance of one service shares it), the job, and an expiry (unix seconds), so a
 * signature cannot be replayed on another chain, deployment, service or job, nor after it expires.
 * Wallets sign it wrapped in `<Bytes>…</Bytes>`, as polkadot-js `signRaw` does.
 */
export const OWNER_READ_PREFIX = 'polkamesh:read-job:v1';

export interface OwnerReadMessage {
  /** `0x` + 64 lowercase hex */
  readonly genesisHash: string;
  /** `0x` + 40 lowercase hex */
  readonly queueContract: string;
  /** `0x` + 40 lowercase hex */
  readonly provider: string;
  readonly jobId: bigint;
  /** unix seconds */
  readonly expiresAt: number;
}

const MESSAGE =
  /^polkamesh:read-job:v1:(0x[0-9a-f]{64}):(0x[0-9a-f]{40}):(0x[0-9a-f]{40}):(0|[1-9][0-9]{0,38}):([1-9][0-9]{0,11})$/;
const MAX_U128 = 2n ** 128n - 1n;

export function formatOwnerReadMessage(message: OwnerReadMessage): string {
  if (!Number.isSafeInteger(message.expiresAt) || message.expiresAt <= 0) {
    throw new RangeError('expiresAt is a positive whole number of unix seconds');
  }
  const text = [
    OWNER_READ_PREFIX,
    message.genesisHash.toLowerCase(),
    message.queueContract.toLowerCase(),
    message.provider.toLowerCase(),
    message.jobId.toString(),
    message.expiresAt.toString(),
  ].join(':');
  if (parseOwnerReadMessage(text) === null) {
    throw new RangeError(`not a valid owner read message: ${text}`);
  }
  return text;
}

/** The fields of a well-formed message (canonical spelling only: lowercase hex, no leading zeros), else null. */
export function parseOwnerReadMessage(text: string): OwnerReadMessage | null {
  const match = MESSAGE.exec(text);
  if (match === null) {
    return null;
  }
  const [, genesisHash, queueContract, provider, id, expiresAt] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const jobId = BigInt(id);
  if (jobId > MAX_U128) {
    return null;
  }
  return { genesisHash, queueContract, provider, jobId, expiresAt: Number(expiresAt) };
}

/** How long a message issued by GET /jobs/:id/access-challenge (or the CLI) stays valid. */
export const OWNER_READ_MESSAGE_LIFETIME_S = 300;

/** A fresh message for `jobId` at the service `context` names, expiring a lifetime from `now`. */
export function ownerReadMessageFor(
  context: Pick<OwnerReadMessage, 'genesisHash' | 'queueContract' | 'provider'>,
  jobId: bigint,
  now: Date,
  lifetimeS: number = OWNER_READ_MESSAGE_LIFETIME_S,
): { readonly message: string; readonly expiresAt: Date } {
  const expiresAt = Math.floor(now.getTime() / 1000) + lifetimeS;
  return {
    message: formatOwnerReadMessage({ ...context, jobId, expiresAt }),
    expiresAt: new Date(expiresAt * 1000),
  };
}
