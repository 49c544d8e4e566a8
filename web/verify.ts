/**
 * Verifies a `GET /jobs/:id/attestation` body in the browser with the project's own verifier
 * (src/attestation: the canonical envelope encoder and sr25519 through @polkadot/wasm-crypto, the
 * code `polkamesh verify-attestation` runs). Loaded on first use: it is the bulk of the bundle.
 */
export interface BrowserVerdict {
  readonly isValid: boolean;
  /** The verifier's reason when invalid (`bad-signature`, `wrong-key`, `malformed-envelope`…). */
  readonly reason: string | null;
  readonly message: string;
  /** The attestation digest (blake2b-256 of the payload) when valid. */
  readonly digest: string | null;
  /** `same`: the on-chain record is this attestation; `differs`; `none`: no record in the body. */
  readonly onChain: 'same' | 'differs' | 'none';
  readonly mismatches: readonly string[];
}

export async function verifyAttestationText(
  bodyText: string,
  pinnedKey: string | null,
): Promise<BrowserVerdict> {
  const { verifyAttestationDocument } = await import('../src/attestation/verify-attestation');
  const verdict = await verifyAttestationDocument(
    bodyText,
    pinnedKey === null ? {} : { expectedPublicKey: pinnedKey },
  );
  const mismatches = verdict.onChainMismatches ?? null;
  const onChain = mismatches === null ? 'none' : mismatches.length === 0 ? 'same' : 'differs';
  return verdict.ok
    ? {
        isValid: true,
        reason: null,
        message: 'the signature verifies',
        digest: verdict.digest,
        onChain,
        mismatches: mismatches ?? [],
      }
    : {
        isValid: false,
        reason: verdict.reason,
        message: verdict.message,
        digest: null,
        onChain,
        mismatches: mismatches ?? [],
      };
}
