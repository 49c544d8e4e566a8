import WebSocket from 'ws';

interface Pending {
  resolve(result: unknown): void;
  reject(err: Error): void;
}

interface RpcResponse {
  id?: number;
  result?: unknown;
  error?: { code: number; message: string };
}

/** A bare JSON-RPC 2.0 client over one WebSocket: no codecs, no metadata, for baselines. */
export class RawRpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

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
    const text = bytes.toString('utf8');
    const message = JSON.parse(text) as RpcResponse;
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

  private failAll(err: Error): void {
    for (const waiter of this.pending.values()) {
      waiter.reject(err);
    }
    this.pending.clear();
  }
}
