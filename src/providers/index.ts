export * from './provider-admin';
export * from './desired-provider';
export * from './provider-registration-plan';
export * from './provider-settings-repository';
export * from './provider-registration';
export * from './providers-fitting-job';
export * from './provider-fit-query';
export * from './registry-reader';
