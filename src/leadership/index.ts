export { Leadership, type LeaderDuties, type LeadershipConfig } from './leadership';
export type { Lease, LeaseClaim, LeaseFence, LeaseRepository } from './lease-repository';
