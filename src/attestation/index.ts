export * from './attestation-envelope';
export * from './attestation-validation';
export * from './decode-attestation-payload';
export * from './on-chain-attestation';
export * from './signed-attestation-json';
export * from './signer';
export * from './sr25519-attestation-signer';
export * from './verify-attestation';
