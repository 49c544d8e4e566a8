import { NOOP_LOGGER, type LongRunning, type PartHealth } from '../shared';
import { waitFor } from '../../test/support/wait-for';
import { Lifecycle } from './lifecycle';

/** A part that records its starts and stops in `events`. */
class FakePart implements LongRunning {
  isRunning = false;
  healthNow: PartHealth = { isHealthy: true };
  drains: number[] = [];

  constructor(
    readonly name: string,
    private readonly events: string[],
    private readonly behaviour: {
      failStart?: boolean;
      failStop?: boolean;
      /** Its stop never ends (it waits on a request to an endpoint that stopped answering). */
      hangStop?: boolean;
      startGate?: () => Promise<void>;
    } = {},
  ) {}

  async start(): Promise<void> {
    this.events.push(`start ${this.name}`);
    await this.behaviour.startGate?.();
    if (this.behaviour.failStart) {
      throw new Error(`${this.name} cannot start`);
    }
    this.isRunning = true;
  }

  async stop(drainMs = 0): Promise<void> {
    this.events.push(`stop ${this.name}`);
    this.drains.push(drainMs);
    this.isRunning = false;
    if (this.behaviour.failStop) {
      throw new Error(`${this.name} cannot stop`);
    }
    if (this.behaviour.hangStop) {
      await new Promise<never>(() => undefined);
    }
    await Promise.resolve();
  }

  health(): PartHealth {
    return this.healthNow;
  }
}

describe('Lifecycle', () => {
  let events: string[];
  const part = (name: string, behaviour?: ConstructorParameters<typeof FakePart>[2]) =>
    new FakePart(name, events, behaviour);

  beforeEach(() => {
    events = [];
  });

  it('starts parts in order and stops them in reverse, each with the drain time', async () => {
    const [a, b, c] = [part('a'), part('b'), part('c')];
    const lifecycle = new Lifecycle(NOOP_LOGGER, () => 0);
    const result = await lifecycle.launch(async (start) => {
      await start(a);
      await start(b);
      return (await start(c)).name;
    });
    expect(result).toBe('c');
    expect(lifecycle.names()).toEqual(['a', 'b', 'c']);
    await lifecycle.stop(5_000);
    expect(events).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a']);
    expect([a, b, c].map((p) => p.drains)).toEqual([[5_000], [5_000], [5_000]]);
    await lifecycle.stop(5_000);
    expect(events).toHaveLength(6); // stopping twice stops once
  });

  it('shares one drain among the parts: a part gets what the ones stopped before it left', async () => {
    let now = 1_000;
    const slow = part('engine');
    const [tx, storage] = [part('tx-manager'), part('storage')];
    const stop = slow.stop.bind(slow);
    slow.stop = async (drainMs) => {
      now += 3_000; // its running attempts took 3 s to finish
      await stop(drainMs);
    };
    const lifecycle = new Lifecycle(NOOP_LOGGER, () => now);
    await lifecycle.launch(async (start) => {
      await start(storage);
      await start(tx);
      await start(slow);
    });

    await lifecycle.stop(5_000);

    expect([slow, tx, storage].map((p) => p.drains)).toEqual([[5_000], [2_000], [2_000]]);
  });

  it('stops what started, in reverse, when a later part fails to start, and rethrows', async () => {
    const parts = [part('storage'), part('chain'), part('tx-manager', { failStart: true })];
    const never = part('never');
    const lifecycle = new Lifecycle(NOOP_LOGGER);
    const launching = lifecycle.launch(async (start) => {
      for (const each of [...parts, never]) {
        await start(each);
      }
    });
    await expect(launching).rejects.toThrow('tx-manager cannot start');
    // nothing leaks: no part runs, none is listed, and a later stop stops nothing twice
    expect([...parts, never].filter((p) => p.isRunning)).toEqual([]);
    expect(lifecycle.names()).toEqual([]);
    await lifecycle.stop();
    expect(events).toEqual([
      'start storage',
      'start chain',
      'start tx-manager',
      'stop chain',
      'stop storage',
    ]);
  });

  it('stops what started when a build step between two parts throws', async () => {
    const launching = new Lifecycle(NOOP_LOGGER).launch(async (start) => {
      await start(part('storage'));
      await Promise.reject(new Error('no genesis hash'));
      await start(part('never'));
    });
    await expect(launching).rejects.toThrow('no genesis hash');
    expect(events).toEqual(['start storage', 'stop storage']);
  });

  it('goes on stopping the others when one part fails to stop', async () => {
    const lifecycle = new Lifecycle(NOOP_LOGGER);
    await lifecycle.launch(async (start) => {
      await start(part('a'));
      await start(part('b', { failStop: true }));
      await start(part('c'));
    });
    await lifecycle.stop();
    expect(events.slice(3)).toEqual(['stop c', 'stop b', 'stop a']);
  });

  describe('with a bound on the whole stop', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('returns once the bound passed when a part never stops, naming it and those after it', async () => {
      const errors: { msg: string; fields: unknown }[] = [];
      const log = {
        ...NOOP_LOGGER,
        error: (msg: string, fields?: unknown) => errors.push({ msg, fields }),
      };
      const lifecycle = new Lifecycle(log);
      await lifecycle.launch(async (start) => {
        await start(part('storage'));
        await start(part('chain-client', { hangStop: true }));
        await start(part('api'));
      });
      let outcome: unknown = null;
      void lifecycle.stop(5_000, 40_000).then((done) => (outcome = done));

      await jest.advanceTimersByTimeAsync(39_999);
      expect(outcome).toBeNull();
      await jest.advanceTimersByTimeAsync(1);

      expect(outcome).toEqual({ notStopped: ['chain-client', 'storage'] });
      expect(events.slice(3)).toEqual(['stop api', 'stop chain-client']);
      expect(errors).toEqual([
        {
          msg: 'parts did not stop in time',
          fields: { limitMs: 40_000, notStopped: ['chain-client', 'storage'] },
        },
      ]);
    });

    it('reports nothing left when every part stops within the bound', async () => {
      const lifecycle = new Lifecycle(NOOP_LOGGER);
      await lifecycle.launch(async (start) => {
        await start(part('storage'));
        await start(part('api'));
      });
      await expect(lifecycle.stop(5_000, 40_000)).resolves.toEqual({ notStopped: [] });
      expect(events.slice(2)).toEqual(['stop api', 'stop storage']);
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  it('on abort ends the start at once, stops what runs, and stops the part in flight once it starts', async () => {
    const abort = new AbortController();
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let reached!: () => void;
    const isWaiting = new Promise<void>((resolve) => (reached = resolve));
    const slow = part('database', {
      startGate: () => {
        reached();
        return gate;
      },
    });
    const launching = new Lifecycle(NOOP_LOGGER).launch(async (start) => {
      await start(part('devnet'));
      await start(slow);
      await start(part('never'));
    }, abort.signal);
    await isWaiting;
    abort.abort(new Error('SIGTERM while starting'));
    await expect(launching).rejects.toThrow('SIGTERM while starting');
    expect(events).toEqual(['start devnet', 'start database', 'stop devnet']);
    openGate();
    await waitFor(() => !slow.isRunning && events.length === 4, 5_000, 'the late part stopped');
    expect(events).toEqual(['start devnet', 'start database', 'stop devnet', 'stop database']);
    expect(slow.isRunning).toBe(false);
  });

  it('lists each running part with its health, and `startup` until every part runs', async () => {
    const lifecycle = new Lifecycle(NOOP_LOGGER);
    const engine = part('job-engine');
    let whileStarting: unknown;
    await lifecycle.launch(async (start) => {
      await start(part('api'));
      whileStarting = lifecycle.health();
      await start(engine);
    });
    expect(whileStarting).toEqual([
      { name: 'startup', isHealthy: false, reason: 'starting api' },
      { name: 'api', isHealthy: true },
    ]);
    expect(lifecycle.health()).toEqual([
      { name: 'api', isHealthy: true },
      { name: 'job-engine', isHealthy: true },
    ]);
    engine.healthNow = { isHealthy: false, reason: 'the last 3 passes failed: boom' };
    expect(lifecycle.health()).toEqual([
      { name: 'api', isHealthy: true },
      { name: 'job-engine', isHealthy: false, reason: 'the last 3 passes failed: boom' },
    ]);
  });
});
