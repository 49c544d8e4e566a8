export { FOLLOWER_LEASE, ServiceRuntime, type ServiceRuntimeOptions } from './service-runtime';
export { confidentialKeyPair, JobServices, type JobServicesOptions } from './job-services';
