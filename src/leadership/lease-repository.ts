/** One tenure of a named lease, as the database recorded it. */
export interface Lease {
  readonly name: string;
  readonly holder: string;
  /**
   * Fencing token: grows on every new tenure (another holder, or the same one after its lease
   * lapsed or was released); unchanged while the holder renews in time.
   */
  readonly token: bigint;
  /** Start of this tenure, database-clock epoch ms. */
  readonly acquiredAtMs: number;
  /** Database-clock epoch ms after which anyone may take the lease over. */
  readonly expiresAtMs: number;
}

export type LeaseClaim =
  | { readonly isHeld: true; readonly lease: Lease }
  /** `current`: who holds it instead (null: nobody, e.g. a lost race on an empty table). */
  | { readonly isHeld: false; readonly current: Lease | null };

/** Identifies the tenure a fenced write belongs to. */
export interface LeaseFence {
  readonly name: string;
  readonly holder: string;
  readonly token: bigint;
}

/**
 * Named, expiring leases shared by every instance on one database. Expiry is judged by the
 * database's clock, never the caller's.
 */
export interface LeaseRepository {
  /**
   * Acquires `name` for `holder` when it is free or expired, or renews it when `holder` already
   * has it, for `ttlMs` from now: one atomic statement, so of any number of concurrent callers at
   * most one holds it afterwards.
   */
  acquire(name: string, holder: string, ttlMs: number): Promise<LeaseClaim>;
  /**
   * Ends the tenure `fence` names at once (the next acquire, by anyone, starts a new tenure with a
   * higher token). Returns false when a later tenure (another holder's) has begun since.
   */
  release(fence: LeaseFence): Promise<boolean>;
  get(name: string): Promise<Lease | null>;
}
