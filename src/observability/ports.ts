import type { ChainClient } from '../chain/chain-client';
import type { StorageRepositories } from '../storage/ports';

/**
 * What the observability queries read. They are narrowed views of the storage and chain-client
 * ports (the storage ports still live in src/storage/ports.ts, see the note there): read-only.
 */
export type ServiceStore = Pick<StorageRepositories, 'events' | 'cursors' | 'quarantine'>;

export type ChainView = Pick<ChainClient, 'getFinalizedHead' | 'getEndpointStates' | 'dryRun'>;
