import { randomUUID } from 'node:crypto';
import type { Clock } from '../shared';

/** What every SQL repository needs besides its Kysely handle: a clock and an id source. */
export interface StorageContext {
  readonly clock: Clock;
  /** App-generated row ids (UUID by default; tests may pass a seeded generator). */
  readonly newId: () => string;
}

export const SYSTEM_STORAGE_CONTEXT: StorageContext = {
  clock: { now: () => new Date() },
  newId: () => randomUUID(),
};
