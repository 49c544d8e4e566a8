import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { RpcError, METHOD_NOT_FOUND } from '../node/rpc-error';

/** Largest request, over WebSocket or HTTP. */
const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

export interface RpcConnection {
  /** registers a subscription; returns its id after sending the result */
  subscribe(
    notificationMethod: string,
    start: (send: (result: unknown) => void) => () => void,
  ): string;
  unsubscribe(id: string): boolean;
}

export type RpcHandler = (params: unknown[], connection: RpcConnection) => unknown;

interface JsonRpcRequest {
  id?: number | string | null;
  method?: unknown;
  params?: unknown;
}

/** Over HTTP there is no connection to send notifications on, as on a Substrate node. */
const HTTP_CONNECTION: RpcConnection = {
  subscribe: () => {
    throw new RpcError(METHOD_NOT_FOUND, 'Method not found', 'subscriptions need a WebSocket');
  },
  unsubscribe: () => false,
};

/**
 * A Substrate-style JSON-RPC 2.0 server, bound to loopback: WebSocket (with subscriptions) and
 * HTTP POST (`curl -d '{"jsonrpc":"2.0","method":"system_health","params":[],"id":1}'`) on the
 * same port, as a Substrate node serves both.
 */
export class RpcServer {
  private http: Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly sockets = new Set<WebSocket>();
  private nextSubscription = 1;

  constructor(private readonly handlers: Map<string, RpcHandler>) {}

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const http = createServer((req, res) => this.serveHttp(req, res));
    this.http = http;
    const wss = new WebSocketServer({ server: http, maxPayload: MAX_PAYLOAD_BYTES });
    this.wss = wss;
    await new Promise<void>((resolve, reject) => {
      http.once('listening', resolve);
      http.once('error', reject);
      http.listen(port, host);
    });
    wss.on('connection', (socket) => this.accept(socket));
    return (http.address() as AddressInfo).port;
  }

  /** Closes every client connection (dev_dropConnections); the server keeps listening. */
  dropConnections(): number {
    const count = this.sockets.size;
    this.sockets.forEach((socket) => socket.terminate());
    return count;
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    this.http?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.http ? this.http.close(() => resolve()) : resolve(),
    );
  }

  /** One JSON-RPC request per POST; the answer is the response object, always HTTP 200. */
  private serveHttp(req: IncomingMessage, res: ServerResponse): void {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST') {
      reply(405, { error: 'JSON-RPC over HTTP takes POST requests' }, { allow: 'POST' });
      return;
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      reply(415, { error: 'expected Content-Type: application/json' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        reply(413, { error: `request larger than ${MAX_PAYLOAD_BYTES} bytes` });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      void this.handle(Buffer.concat(chunks).toString('utf8'), HTTP_CONNECTION).then((response) =>
        reply(200, response),
      );
    });
  }

  private accept(socket: WebSocket): void {
    this.sockets.add(socket);
    const subscriptions = new Map<string, () => void>();
    // Messages produced in one turn of the event loop (a block's notifications to every watcher
    // on this connection) leave in one write: the frames are queued, then sent with the TCP
    // socket corked. `_socket` is ws' underlying net.Socket (internal, stable since ws 1).
    const outbox: string[] = [];
    const flush = () => {
      const texts = outbox.splice(0);
      if (socket.readyState !== socket.OPEN) {
        return;
      }
      const tcp = (socket as unknown as { _socket?: Socket })._socket;
      tcp?.cork();
      texts.forEach((text) => socket.send(text));
      tcp?.uncork();
    };
    const send = (message: unknown) => {
      if (socket.readyState !== socket.OPEN) {
        return;
      }
      if (outbox.push(JSON.stringify(message)) === 1) {
        queueMicrotask(flush);
      }
    };
    const connection: RpcConnection = {
      subscribe: (notificationMethod, start) => {
        const id = String(this.nextSubscription++);
        let ready = false;
        const backlog: unknown[] = [];
        const emit = (result: unknown) => {
          const message = {
            jsonrpc: '2.0',
            method: notificationMethod,
            params: { subscription: id, result },
          };
          if (ready) {
            send(message);
          } else {
            backlog.push(message);
          }
        };
        subscriptions.set(id, start(emit));
        setImmediate(() => {
          ready = true;
          backlog.forEach(send);
        });
        return id;
      },
      unsubscribe: (id) => {
        const stop = subscriptions.get(String(id));
        stop?.();
        return subscriptions.delete(String(id));
      },
    };
    socket.on('message', (raw) => {
      const text = Array.isArray(raw)
        ? Buffer.concat(raw).toString('utf8')
        : Buffer.isBuffer(raw)
          ? raw.toString('utf8')
          : new TextDecoder().decode(raw);
      void this.handle(text, connection).then((response) => response && send(response));
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      subscriptions.forEach((stop) => stop());
      subscriptions.clear();
    });
  }

  private async handle(raw: string, connection: RpcConnection): Promise<unknown> {
    let request: JsonRpcRequest;
    try {
      request = JSON.parse(raw) as JsonRpcRequest;
    } catch {
      return { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } };
    }
    const id = request.id ?? null;
    const handler =
      typeof request.method === 'string' ? this.handlers.get(request.method) : undefined;
    if (!handler) {
      return { jsonrpc: '2.0', id, error: { code: METHOD_NOT_FOUND, message: 'Method not found' } };
    }
    try {
      const params = Array.isArray(request.params) ? (request.params as unknown[]) : [];
      const started = process.env['DEVNET_TRACE'] ? performance.now() : 0;
      const result = await handler(params, connection);
      if (started) {
        process.stderr.write(
          `rpc ${String(request.method)} ${(performance.now() - started).toFixed(1)}ms\n`,
        );
      }
      return { jsonrpc: '2.0', id, result: result ?? null };
    } catch (err) {
      if (err instanceof RpcError) {
        return {
          jsonrpc: '2.0',
          id,
          error: { code: err.code, message: err.message, ...(err.data ? { data: err.data } : {}) },
        };
      }
      return {
        jsonrpc: '2.0',
        id,
        error: { code: -32603, message: 'Internal error', data: (err as Error).message },
      };
    }
  }
}
