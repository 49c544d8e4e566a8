/** Time source of the transaction manager (leases, backoff, resend timing). */
export interface Clock {
  now(): Date;
}

export const SYSTEM_CLOCK: Clock = { now: () => new Date() };
