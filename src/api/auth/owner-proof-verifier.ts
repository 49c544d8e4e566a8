import { hexToU8a, isHex, stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import {
  cryptoWaitReady,
  decodeAddress,
  ed25519Verify,
  sr25519Verify,
} from '@polkadot/util-crypto';
import { h160FromAccountId, type AccountIdHex, type H160 } from '../../contracts';
import { parseOwnerReadMessage, type OwnerReadMessage } from './owner-read-message';
import { parseOwnerSignatureHeader } from './owner-signature-header';

/** Who this service is, as an owner read message must name it. */
export interface OwnerProofContext {
  readonly genesisHash: string;
  readonly queueContract: H160;
  /** The provider H160 this service works as (its worker key). */
  readonly provider: H160;
}

/** A signature is accepted only while its expiry is at most this far ahead (a leaked one dies soon). */
export const MAX_OWNER_PROOF_LIFETIME_S = 600;

export type OwnerProofRefusalReason =
  | 'malformed-header'
  | 'malformed-message'
  | 'wrong-chain'
  | 'wrong-contract'
  | 'wrong-service'
  | 'wrong-job'
  | 'expired'
  | 'expiry-too-far'
  | 'malformed-signer'
  | 'bad-signature'
  | 'not-owner';

export type OwnerProofResult =
  | { readonly ok: true; readonly signer: AccountIdHex }
  | {
      readonly ok: false;
      /** `not-owner` is the only refusal of a valid signature: the caller is known, not allowed. */
      readonly reason: OwnerProofRefusalReason;
      readonly message: string;
    };

/**
 * Checks an `X-PolkaMesh-Owner-Signature` header for one job: the message names this chain,
 * queue, service and job and has not expired; the signature (sr25519 or ed25519 over the message
 * wrapped in `<Bytes>…</Bytes>`) verifies under the signer's public key; and that key's account
 * maps to the job's owner H160 as pallet-revive maps it (keccak256(AccountId32)[12..32]).
 */
export class OwnerProofVerifier {
  constructor(
    private readonly context: OwnerProofContext,
    private readonly now: () => Date,
    private readonly maxLifetimeS = MAX_OWNER_PROOF_LIFETIME_S,
  ) {}

  async verify(
    header: string,
    job: { readonly id: bigint; readonly owner: string },
  ): Promise<OwnerProofResult> {
    const parsed = parseOwnerSignatureHeader(header);
    if (!parsed.ok) {
      return refuse('malformed-header', parsed.reason);
    }
    const { signer, message, signature } = parsed.parts;
    const fields = parseOwnerReadMessage(message);
    if (fields === null) {
      return refuse(
        'malformed-message',
        'message is not polkamesh:read-job:v1:<genesis>:<queue>:<provider>:<job id>:<expires at>',
      );
    }
    const binding = this.checkBinding(fields, job.id);
    if (binding !== null) {
      return binding;
    }
    const publicKey = publicKeyOf(signer);
    if (publicKey === null) {
      return refuse('malformed-signer', 'signer is an SS58 address or 0x + 64 hex (a public key)');
    }
    await cryptoWaitReady();
    if (!verifiesWrapped(message, signature, publicKey)) {
      return refuse(
        'bad-signature',
        'the signature does not verify: sign "<Bytes>" + message + "</Bytes>" (signRaw) with sr25519 or ed25519',
      );
    }
    const account = u8aToHex(publicKey);
    if (h160FromAccountId(publicKey) !== job.owner.toLowerCase()) {
      return refuse('not-owner', `the signer does not own job ${job.id}`);
    }
    return { ok: true, signer: account };
  }

  private checkBinding(fields: OwnerReadMessage, jobId: bigint): OwnerProofResult | null {
    const { context } = this;
    if (fields.genesisHash !== context.genesisHash.toLowerCase()) {
      return refuse('wrong-chain', 'the message names another chain (genesis hash)');
    }
    if (fields.queueContract !== context.queueContract.toLowerCase()) {
      return refuse('wrong-contract', 'the message names another ai_job_queue contract');
    }
    if (fields.provider !== context.provider.toLowerCase()) {
      return refuse(
        'wrong-service',
        `the message names another service (this one is ${context.provider})`,
      );
    }
    if (fields.jobId !== jobId) {
      return refuse('wrong-job', `the message is for job ${fields.jobId}, not ${jobId}`);
    }
    const nowS = Math.floor(this.now().getTime() / 1000);
    if (fields.expiresAt <= nowS) {
      return refuse('expired', 'the message has expired; sign a new one');
    }
    if (fields.expiresAt > nowS + this.maxLifetimeS) {
      return refuse(
        'expiry-too-far',
        `the message may expire at most ${this.maxLifetimeS} s from now`,
      );
    }
    return null;
  }
}

function refuse(reason: OwnerProofRefusalReason, message: string): OwnerProofResult {
  return { ok: false, reason, message };
}

/** The 32-byte public key (= AccountId32 for sr25519 and ed25519) of an SS58 address or hex key. */
function publicKeyOf(signer: string): Uint8Array | null {
  try {
    const bytes = isHex(signer) ? hexToU8a(signer) : decodeAddress(signer);
    return bytes.length === 32 ? bytes : null;
  } catch {
    return null;
  }
}

function verifiesWrapped(message: string, signature: string, publicKey: Uint8Array): boolean {
  if (!/^0x[0-9a-fA-F]{128}$/.test(signature)) {
    return false;
  }
  const wrapped = u8aWrapBytes(stringToU8a(message));
  const signatureBytes = hexToU8a(signature);
  for (const verify of [sr25519Verify, ed25519Verify]) {
    try {
      if (verify(wrapped, signatureBytes, publicKey)) {
        return true;
      }
    } catch {
      // not this scheme (or not a valid point): try the next one
    }
  }
  return false;
}
