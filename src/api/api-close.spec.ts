import { waitFor } from '../../test/support/wait-for';
import { startApiServer } from './api-server';
import { FakeApiWorld, TEST_API_CONFIG } from './testing/fake-api-dependencies';

/**
 * Found by the fault harness: a SIGTERM's stop waited on requests that waited on a chain endpoint
 * which had stopped answering. The API's close is bounded by what is left of the drain.
 */
describe('closing the API with a request that never ends', () => {
  it('closes the connections still in flight once the drain has passed', async () => {
    const world = new FakeApiWorld();
    let reached = false;
    const deps = world.deps();
    const server = await startApiServer(
      {
        ...deps,
        store: {
          ...deps.store,
          events: {
            ...deps.store.events,
            listRecent: () => {
              reached = true;
              return new Promise<never>(() => undefined);
            },
          },
        },
      },
      { ...TEST_API_CONFIG, logLevel: 'warn' },
    );
    const answer = fetch(`${server.url}/events`).then(
      (res) => res.status,
      () => 'connection closed',
    );
    await waitFor(() => reached, 10_000, 'the request to wait on the store');

    await server.close(20);

    expect(await answer).toBe('connection closed');
  });
});
