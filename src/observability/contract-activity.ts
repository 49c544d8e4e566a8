import type { Logger } from '../shared';
import { CONTRACT_NAMES, type ContractName } from '../contracts';
import type { ServiceStore } from './ports';

/** Block of the newest stored event of each contract; null for a contract with none. */
export type ContractActivity = Readonly<Record<ContractName, bigint | null>>;

/** Reads ContractActivity from the event store; null when the store cannot be read. */
export class ContractActivityQuery {
  constructor(
    private readonly store: Pick<ServiceStore, 'events'>,
    private readonly log: Logger,
  ) {}

  async read(): Promise<ContractActivity | null> {
    try {
      const blocks = await Promise.all(
        CONTRACT_NAMES.map(async (name) => {
          const page = await this.store.events.listRecent({ contract: name, limit: 1 });
          return [name, page.items[0]?.block.number ?? null] as const;
        }),
      );
      return Object.fromEntries(blocks) as Record<ContractName, bigint | null>;
    } catch (err) {
      this.log.warn('contract activity: stored events unreadable', { err });
      return null;
    }
  }
}
