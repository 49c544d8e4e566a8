import {
  serializeSignedAttestation,
  verifyAttestation,
  type AttestationSigner,
  type Hex,
  type Sha256Digest,
  type SignedAttestation,
} from '../../attestation';
import type { JobWork, WorkResult } from './job-work';

/** Where the attestation is anchored: the chain and the queue contract, and the current head. */
export interface AttestationChainView {
  readonly genesisHash: Hex;
  /** ai_job_queue H160. */
  readonly queueContract: Hex;
  finalizedHead(): Promise<{ readonly number: bigint; readonly hash: Hex }>;
}

/**
 * Builds and signs the attestation envelope of a finished job (spec: issue 4 §4, ADR 0005). With
 * `verifyOwnSignature` (ENABLE_ATTESTATION_VERIFICATION) it checks each signature the way any
 * verifier would before the attestation is stored or sent on-chain.
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

  async attest(
    work: JobWork,
    result: WorkResult,
  ): Promise<{ signed: SignedAttestation; json: string }> {
    const head = await this.chain.finalizedHead();
    const separator = result.executorVersion.lastIndexOf('@');
    const signed = await this.signer.sign({
      version: 1,
      genesisHash: this.chain.genesisHash,
      contract: this.chain.queueContract,
      queueJobId: work.queueJobId,
      confidentialJobId: work.privacyRequired ? work.confidentialId : null,
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
