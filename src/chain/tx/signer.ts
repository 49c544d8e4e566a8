import type { H160 } from '../../contracts';

/** Signature schemes a Signer may use; the extrinsic's MultiSignature variant follows from it. */
export type SignatureScheme = 'sr25519' | 'ed25519';

/**
 * A service key that signs extrinsics. The private key never leaves the adapter: callers get the
 * public forms and raw signatures only, so nothing secret can reach a log or an API body.
 */
export interface Signer {
  readonly scheme: SignatureScheme;
  /** SS58 (prefix 42): the origin the v5 contracts see and the key's label in logs. */
  readonly address: string;
  /** AccountId32, lowercase `0x` + 64 hex. */
  readonly accountId: string;
  /** The mapped H160 pallet-revive contracts see as caller. */
  readonly h160: H160;
  /** Signs `message` (an extrinsic payload, already hashed when over 256 bytes). */
  sign(message: Uint8Array): Uint8Array;
}

/** The service's keys by role (`worker`, `admin`, …), as named by `NewChainAction.signerRole`. */
export class SignerSet {
  private readonly byRole = new Map<string, Signer>();

  constructor(signers: Readonly<Record<string, Signer>>) {
    for (const [role, signer] of Object.entries(signers)) {
      this.byRole.set(role, signer);
    }
  }

  get(role: string): Signer | undefined {
    return this.byRole.get(role);
  }

  roles(): string[] {
    return [...this.byRole.keys()];
  }

  /** Distinct keys (two roles may share one key; nonces are per key). */
  distinct(): Signer[] {
    const seen = new Map<string, Signer>();
    for (const signer of this.byRole.values()) {
      seen.set(signer.accountId, signer);
    }
    return [...seen.values()];
  }
}
