import WebSocket from 'ws';

interface Pending {
  resolve(result: unknown): void;
  reject(err: Error): void;
}

interface RpcMessage {
  id?: number;
  result?: unknown;
  error?: { code: number; message: string };
  method?: string;
  params?: { subscription?: string | number; result?: unknown };
}

export type NotificationHandler = (result: unknown) => void;

/**
 * A bare JSON-RPC 2.0 client over one WebSocket: no codecs, no metadata, for baselines and for
 * load that must cost the client as little as possible. Subscriptions deliver their notifications
 * to a handler; notifications that arrive before the subscription id is known are held back.
 */
export class RawRpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, NotificationHandler>();
  private readonly early = new Map<string, unknown[]>();
  private readonly forgotten = new Set<string>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => this.onMessage(data));
    socket.on('close', () => this.failAll(new Error('connection closed')));
  }

  static connect(url: string): Promise<RawRpcClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new RawRpcClient(socket)));
      socket.once('error', reject);
    });
  }

  call(method: string, params: unknown[] = []): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Calls a subscribing method; `onNotification` gets each notification's `result`. */
  async subscribe(
    method: string,
    params: unknown[],
    onNotification: NotificationHandler,
  ): Promise<string> {
    const id = String(await this.call(method, params));
    this.handlers.set(id, onNotification);
    const held = this.early.get(id) ?? [];
    this.early.delete(id);
    held.forEach((result) => onNotification(result));
    return id;
  }

  /** Stops delivering a subscription's notifications (the server-side unsubscribe is the caller's). */
  forget(subscription: string): void {
    this.handlers.delete(subscription);
    this.early.delete(subscription);
    this.forgotten.add(subscription);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) {
        resolve();
        return;
      }
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  private onMessage(data: WebSocket.RawData): void {
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? Buffer.from(data)
        : data;
    const message = JSON.parse(bytes.toString('utf8')) as RpcMessage;
    if (message.method !== undefined && message.params?.subscription !== undefined) {
      this.onNotification(String(message.params.subscription), message.params.result);
      return;
    }
    const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
    if (!waiter || message.id === undefined) {
      return;
    }
    this.pending.delete(message.id);
    if (message.error) {
      waiter.reject(new Error(`RPC ${message.error.code}: ${message.error.message}`));
    } else {
      waiter.resolve(message.result);
    }
  }

  private onNotification(subscription: string, result: unknown): void {
    const handler = this.handlers.get(subscription);
    if (handler) {
      handler(result);
    } else if (!this.forgotten.has(subscription)) {
      const held = this.early.get(subscription) ?? [];
      held.push(result);
      this.early.set(subscription, held);
    }
  }

  private failAll(err: Error): void {
    for (const waiter of this.pending.values()) {
      waiter.reject(err);
    }
    this.pending.clear();
  }
}
