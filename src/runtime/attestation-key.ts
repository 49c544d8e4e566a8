import { readFile } from 'node:fs/promises';
import { Sr25519AttestationSigner } from '../attestation';
import type { AppConfig } from '../config';
import { type Logger, Secret } from '../shared';

/** The hard derivation appended to WORKER_SEED for the development attestation key. */
export const DEV_ATTESTATION_JUNCTION = '//attestation';

/**
 * The attestation signer (ADR 0010), a key of its own: ATTESTATION_KEYSTORE_FILE (+ password) or
 * ATTESTATION_SEED; with neither, outside production only, `WORKER_SEED//attestation` (a hard
 * derivation: the bundled devnet's worker //Charlie attests as //Charlie//attestation). A key equal
 * to one of `transactionKeys` (AccountId32 hex of the worker and custody signers) is refused in
 * production and warned about elsewhere.
 */
export async function loadAttestationSigner(
  config: Pick<AppConfig, 'env' | 'keys'>,
  workerSeed: Secret,
  transactionKeys: readonly string[],
  log: Logger,
): Promise<Sr25519AttestationSigner> {
  const { keys } = config;
  const isProduction = config.env === 'production';
  let signer: Sr25519AttestationSigner;
  if (keys.attestationKeystoreFile !== null) {
    const json = await readFile(keys.attestationKeystoreFile, 'utf8');
    signer = await Sr25519AttestationSigner.fromKeystore(
      json,
      keys.attestationKeystorePassword ?? new Secret(''),
    );
  } else if (keys.attestationSeed !== null) {
    signer = await Sr25519AttestationSigner.fromSecret(keys.attestationSeed);
  } else if (isProduction) {
    throw new Error('ATTESTATION_SEED or ATTESTATION_KEYSTORE_FILE is required in production');
  } else {
    signer = await Sr25519AttestationSigner.fromSecret(devAttestationSecret(workerSeed));
    log.warn('attestation key derived from WORKER_SEED//attestation (development only)', {
      attestationKey: signer.publicKey,
    });
  }
  if (transactionKeys.map((k) => k.toLowerCase()).includes(signer.publicKey)) {
    const message = `the attestation key ${signer.publicKey} is also a transaction key (WORKER_SEED / ADMIN_SEED); use a dedicated ATTESTATION_SEED`;
    if (isProduction) {
      throw new Error(message);
    }
    log.warn(message);
  }
  return signer;
}

/** `WORKER_SEED` + `//attestation`, placed before a `///password` when the seed has one. */
export function devAttestationSecret(workerSeed: Secret): Secret {
  const uri = workerSeed.reveal().trim();
  const passwordAt = uri.indexOf('///');
  return passwordAt < 0
    ? new Secret(`${uri}${DEV_ATTESTATION_JUNCTION}`)
    : new Secret(`${uri.slice(0, passwordAt)}${DEV_ATTESTATION_JUNCTION}${uri.slice(passwordAt)}`);
}
