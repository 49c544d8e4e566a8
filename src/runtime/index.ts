export { loadAttestationSigner } from './attestation-key';
export { confidentialKeyPair } from './confidential-key';
export { FOLLOWER_LEASE } from './follower-part';
export { JobServices, type JobServicesOptions } from './job-services';
export { Lifecycle, STARTUP_PART, type StartPart, type StopOutcome } from './lifecycle';
export { Runtime, type RuntimeView } from './runtime';
export type { LocalDevnet, LocalDevnetOptions, RuntimeHost } from './runtime-host';
