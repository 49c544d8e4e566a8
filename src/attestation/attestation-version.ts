/** The envelope versions this module encodes and verifies (the JSON number in `version`). */
export const ATTESTATION_VERSIONS = [1, 2] as const;
export type AttestationVersion = (typeof ATTESTATION_VERSIONS)[number];
/** The version new attestations are written in. */
export const LATEST_ATTESTATION_VERSION = 2;
/** First bytes of every payload (24 ASCII bytes, no length prefix): domain separation + version. */
export const ATTESTATION_DOMAIN_TAGS: Readonly<Record<AttestationVersion, string>> = {
  1: 'polkamesh-attestation:v1',
  2: 'polkamesh-attestation:v2',
};
