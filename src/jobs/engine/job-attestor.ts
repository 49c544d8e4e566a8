import {
  confidentialRecordOf,
  parseSignedAttestation,
  serializeSignedAttestation,
  verifyAttestation,
  type AttestationEnvelopeV2,
  type AttestationSigner,
  type Hex,
  type Sha256Digest,
  type SignedAttestation,
} from '../../attestation';
import type { JobWork, WorkResult } from './job-work';

/** Where the attestation is anchored: the chain, the two contracts, and the current head. */
export interface AttestationChainView {
  readonly genesisHash: Hex;
  /** ai_job_queue H160. */
  readonly queueContract: Hex;
  /** phala_job_processor AccountId32 (`0x` + 64 hex): where attestations are recorded. */
  readonly confidentialContract: Hex;
  finalizedHead(): Promise<{ readonly number: bigint; readonly hash: Hex }>;
}

/**
 * Builds and signs the attestation envelope (v2, ADR 0010) of a finished job with the attestation
 * key (not a transaction key). With `verifyOwnSignature` (ENABLE_ATTESTATION_VERIFICATION) it checks
 * each signature the way any verifier would before the attestation is stored or sent on-chain.
 */
export class JobAttestor {
  constructor(
    private readonly signer: AttestationSigner,
    private readonly chain: AttestationChainView,
    private readonly now: () => Date,
    private readonly options: { readonly verifyOwnSignature: boolean } = {
      verifyOwnSignature: true,
    },
  ) {}

  /** The attestation public key (`0x` + 64 hex) every envelope names as `workerPublicKey`. */
  get publicKey(): Hex {
    return this.signer.publicKey;
  }

  /**
   * Attests a finished run. A confidential job's envelope names its phala_job_processor record at
   * once; a public job's names none until `bindToRecord` is given the anchor it is recorded under.
   */
  async attest(
    work: JobWork,
    result: WorkResult,
  ): Promise<{ signed: SignedAttestation; json: string }> {
    const head = await this.chain.finalizedHead();
    const separator = result.executorVersion.lastIndexOf('@');
    const cid = work.privacyRequired ? work.confidentialId : null;
    return this.signAndCheck({
      version: 2,
      genesisHash: this.chain.genesisHash,
      contract: this.chain.queueContract,
      queueJobId: work.queueJobId,
      confidential: cid === null ? null : { contract: this.chain.confidentialContract, jobId: cid },
      inputDigest: result.inputDigest as Sha256Digest,
      modelDigest: result.modelDigest as Sha256Digest,
      outputDigest: result.outputDigest as Sha256Digest,
      executor: {
        name: separator > 0 ? result.executorVersion.slice(0, separator) : result.executorVersion,
        version: separator > 0 ? result.executorVersion.slice(separator + 1) : '0',
      },
      workerPublicKey: this.signer.publicKey,
      block: head,
      issuedAt: this.now().toISOString(),
    });
  }

  /**
   * The attestation (JSON) re-signed as v2 naming record `cid` of the phala_job_processor contract,
   * or null when `json` already names exactly that record with this key. Everything the run
   * asserted (digests, executor, block, time) is kept; only the record and the key may change.
   */
  async bindToRecord(
    json: string,
    cid: bigint,
  ): Promise<{ signed: SignedAttestation; json: string } | null> {
    const { envelope } = parseSignedAttestation(json);
    const bound = confidentialRecordOf(envelope);
    const contract = this.chain.confidentialContract;
    if (
      bound?.jobId === cid &&
      bound.contract === contract &&
      envelope.workerPublicKey === this.signer.publicKey
    ) {
      return null;
    }
    return this.signAndCheck({
      version: 2,
      genesisHash: envelope.genesisHash,
      contract: envelope.contract,
      queueJobId: envelope.queueJobId,
      confidential: { contract, jobId: cid },
      inputDigest: envelope.inputDigest,
      modelDigest: envelope.modelDigest,
      outputDigest: envelope.outputDigest,
      executor: envelope.executor,
      workerPublicKey: this.signer.publicKey,
      block: envelope.block,
      issuedAt: envelope.issuedAt,
    });
  }

  private async signAndCheck(
    envelope: AttestationEnvelopeV2,
  ): Promise<{ signed: SignedAttestation; json: string }> {
    const signed = await this.signer.sign(envelope);
    if (this.options.verifyOwnSignature) {
      const verdict = await verifyAttestation(signed.envelope, signed.signature, {
        expectedPublicKey: this.signer.publicKey,
      });
      if (!verdict.ok) {
        throw new Error(
          `our own attestation does not verify (${verdict.reason}): ${verdict.message}`,
        );
      }
    }
    return { signed, json: serializeSignedAttestation(signed) };
  }
}
