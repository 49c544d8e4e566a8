/** The service's notification stream (`GET /notifications`, SSE), shared by every view. */
export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface LiveMessage {
  readonly type: 'chain.event' | 'job.updated' | 'job.completed';
  readonly data: Record<string, unknown>;
}

type Listener = (message: LiveMessage) => void;
type StateListener = (state: LiveState) => void;

const TYPES: readonly LiveMessage['type'][] = ['chain.event', 'job.updated', 'job.completed'];

/** One EventSource for the page; the browser reconnects with Last-Event-ID by itself. */
export class LiveFeed {
  private source: EventSource | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly stateListeners = new Set<StateListener>();
  private current: LiveState = 'connecting';

  start(url = '/notifications'): void {
    if (this.source !== null) {
      return;
    }
    const source = new EventSource(url);
    this.source = source;
    source.onopen = () => this.setState('live');
    source.onerror = () => this.setState('reconnecting');
    for (const type of TYPES) {
      source.addEventListener(type, (event) => {
        const data = parse((event as MessageEvent<string>).data);
        for (const listener of this.listeners) {
          listener({ type, data });
        }
      });
    }
  }

  get state(): LiveState {
    return this.current;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: StateListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private setState(state: LiveState): void {
    this.current = state;
    for (const listener of this.stateListeners) {
      listener(state);
    }
  }
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const liveFeed = new LiveFeed();
