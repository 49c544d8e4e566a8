export * from './payload-result';
export * from './open-payload-json';
export * from './confidential-job-payload';
export * from './decode-confidential-payload';
export {
  formatServicePublicKey,
  generateServiceKeyPair,
  parseServicePublicKey,
  serviceKeyPairFromSeed,
  SERVICE_KEY_SEED_BYTES,
  type ServiceKeyPair,
} from './service-key-pair';
export { PMENC1_VERSION } from './payload-envelope';
export {
  MAX_U128,
  objectWithKeys,
  readU128,
  readNonEmptyString,
  type FieldResult,
} from './payload-fields';
