import { WebSocket, WebSocketServer, type RawData } from 'ws';

/**
 * A loopback WebSocket proxy in front of an RPC endpoint. `muteOpen()` makes every connection
 * open at that moment swallow the endpoint's answers while the socket stays open (an endpoint that
 * stopped answering: a dead backend behind a load balancer, or a client whose reader stalled);
 * connections opened later pass through.
 */
export class WsMuteProxy {
  private readonly bridges = new Set<{ muted: boolean; close(): void }>();
  connections = 0;

  private constructor(
    private readonly server: WebSocketServer,
    private readonly upstreamUrl: string,
  ) {
    server.on('connection', (client) => this.bridge(client));
  }

  static async start(upstreamUrl: string): Promise<WsMuteProxy> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((done, fail) => {
      server.once('listening', done);
      server.once('error', fail);
    });
    return new WsMuteProxy(server, upstreamUrl);
  }

  get url(): string {
    const address = this.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return `ws://127.0.0.1:${port}`;
  }

  muteOpen(): void {
    for (const bridge of this.bridges) {
      bridge.muted = true;
    }
  }

  async close(): Promise<void> {
    for (const bridge of this.bridges) {
      bridge.close();
    }
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private bridge(client: WebSocket): void {
    this.connections++;
    const upstream = new WebSocket(this.upstreamUrl);
    const pending: string[] = [];
    const bridge = {
      muted: false,
      close: () => {
        client.terminate();
        upstream.terminate();
        this.bridges.delete(bridge);
      },
    };
    this.bridges.add(bridge);
    client.on('message', (data) => {
      const text = textOf(data);
      if (upstream.readyState === WebSocket.OPEN) {
        upstream.send(text);
      } else {
        pending.push(text);
      }
    });
    upstream.on('open', () => pending.splice(0).forEach((text) => upstream.send(text)));
    upstream.on('message', (data) => {
      if (!bridge.muted && client.readyState === WebSocket.OPEN) {
        client.send(textOf(data));
      }
    });
    for (const socket of [client, upstream]) {
      socket.on('close', bridge.close);
      socket.on('error', bridge.close);
    }
  }
}

function textOf(data: RawData): string {
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)).toString('utf8');
}
