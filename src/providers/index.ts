export * from './provider-admin';
