import { ContentCorruptedError } from '../content-store';
import { contentStoreContract } from './content-store-contract';
import { InMemoryContentStore } from './in-memory-content-store';

contentStoreContract('InMemoryContentStore', () => Promise.resolve(new InMemoryContentStore()));

describe('InMemoryContentStore', () => {
  it('reports a corrupted blob instead of serving it', async () => {
    const store = new InMemoryContentStore();
    const digest = await store.put(new TextEncoder().encode('abc'), 'text/plain');
    store.corrupt(digest);
    await expect(store.get(digest)).rejects.toBeInstanceOf(ContentCorruptedError);
  });
});
