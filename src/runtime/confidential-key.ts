import { createHash } from 'node:crypto';
import { serviceKeyPairFromSeed, type ServiceKeyPair } from '../confidential';
import type { Secret } from '../shared';

/** The x25519 key confidential payloads are sealed to, derived from the worker seed. */
export function confidentialKeyPair(workerSeed: Secret): ServiceKeyPair {
  const seed = createHash('sha256')
    .update('polkamesh confidential payload key v1\0')
    .update(workerSeed.reveal())
    .digest();
  return serviceKeyPairFromSeed(new Uint8Array(seed));
}
