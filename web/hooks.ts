import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from './api';
import { liveFeed, type LiveMessage, type LiveState } from './live';
import { parseRoute, type Route } from './router';

export interface Resource<T> {
  readonly data: T | null;
  readonly error: string | null;
  /** When the data was last read. */
  readonly at: Date | null;
  reload(): void;
}

export interface ResourceOptions {
  /** Read again when a stream message passes this test (debounced); default: any message. */
  readonly onLive?: ((message: LiveMessage) => boolean) | false;
  /** Read again every this many ms too (for what the stream does not carry, e.g. new blocks). */
  readonly pollMs?: number;
}

const LIVE_DEBOUNCE_MS = 250;

/** GET `path` as JSON, again on stream messages and on an interval; `null` path: nothing. */
export function useResource<T>(path: string | null, options: ResourceOptions = {}): Resource<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; at: Date | null }>({
    data: null,
    error: null,
    at: null,
  });
  const [tick, setTick] = useState(0);
  const onLive = useRef(options.onLive);
  onLive.current = options.onLive;

  useEffect(() => {
    if (path === null) {
      return;
    }
    let cancelled = false;
    getJson<T>(path).then(
      (data) => !cancelled && setState({ data, error: null, at: new Date() }),
      (err: unknown) =>
        !cancelled &&
        setState((s) => ({ ...s, error: err instanceof Error ? err.message : String(err) })),
    );
    return () => {
      cancelled = true;
    };
  }, [path, tick]);

  useEffect(() => {
    if (path === null) {
      return;
    }
    let timer: ReturnType<typeof setTimeout> | null = null;
    const again = () => {
      if (timer === null) {
        timer = setTimeout(() => {
          timer = null;
          setTick((t) => t + 1);
        }, LIVE_DEBOUNCE_MS);
      }
    };
    const unsubscribe = liveFeed.subscribe((message) => {
      const test = onLive.current;
      if (test !== false && (test === undefined || test(message))) {
        again();
      }
    });
    // a reconnected stream resumes after its last message, but what changed meanwhile and was not
    // a contract event (engine stages) is read again
    const unwatch = liveFeed.onState((state) => state === 'live' && again());
    const interval = options.pollMs === undefined ? null : setInterval(again, options.pollMs);
    return () => {
      unsubscribe();
      unwatch();
      if (interval !== null) {
        clearInterval(interval);
      }
      if (timer !== null) {
        clearTimeout(timer);
      }
    };
  }, [path, options.pollMs]);

  return { ...state, reload: () => setTick((t) => t + 1) };
}

/** The stream's connection state. */
export function useLiveState(): LiveState {
  const [state, setState] = useState<LiveState>(liveFeed.state);
  useEffect(() => liveFeed.onState(setState), []);
  return state;
}

/** The current time, moved every `ms`, for "x s ago" texts. */
export function useNow(ms = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** The page the URL fragment names, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
