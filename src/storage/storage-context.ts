import { randomUUID } from 'node:crypto';
import type { StorageClock } from './ports';

/** What every SQL repository needs besides its Kysely handle: a clock and an id source. */
export interface StorageContext {
  readonly clock: StorageClock;
  /** App-generated row ids (UUID by default; tests may pass a seeded generator). */
  readonly newId: () => string;
}

export const SYSTEM_STORAGE_CONTEXT: StorageContext = {
  clock: { now: () => new Date() },
  newId: () => randomUUID(),
};
