import WebSocket, { WebSocketServer, type RawData } from 'ws';

/** What the proxy does to the node's answers (never to what the client sends). */
export type ProxyMode =
  | { readonly kind: 'pass' }
  /** every answer and notification held back this long: the endpoint trails the chain */
  | { readonly kind: 'lagging'; readonly delayMs: number }
  /** this share of answers and notifications replaced by garbage (see GARBAGE_FORMS) */
  | { readonly kind: 'garbage'; readonly share: number };

export interface ProxyCounters {
  connections: number;
  forwarded: number;
  delayed: number;
  corrupted: number;
}

/**
 * Forms of garbage a broken node or middlebox answers with: not JSON, truncated JSON, a reply with
 * neither result nor error, a result of the wrong type for the id asked, and binary noise.
 */
const GARBAGE_FORMS = ['not-json', 'truncated', 'empty-reply', 'wrong-type', 'binary'] as const;

/**
 * A second RPC endpoint for the service: a loopback WebSocket proxy in front of the devnet that
 * passes traffic through, or lags behind, or answers garbage, as the harness switches it. Each
 * client connection gets its own upstream connection; either side closing closes the other.
 */
export class RpcProxy {
  private mode: ProxyMode = { kind: 'pass' };
  readonly counters: ProxyCounters = { connections: 0, forwarded: 0, delayed: 0, corrupted: 0 };
  private readonly sockets = new Set<WebSocket>();
  /** the connections open now, each with whether its answers are swallowed (muteOpen) */
  private readonly bridges = new Set<{ muted: boolean }>();

  private constructor(
    private readonly server: WebSocketServer,
    private readonly upstreamUrl: string,
    private readonly random: () => number,
  ) {
    server.on('connection', (client) => this.bridge(client));
  }

  static async start(upstreamUrl: string, random: () => number): Promise<RpcProxy> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((done, fail) => {
      server.once('listening', done);
      server.once('error', fail);
    });
    return new RpcProxy(server, upstreamUrl, random);
  }

  get url(): string {
    const address = this.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return `ws://127.0.0.1:${port}`;
  }

  setMode(mode: ProxyMode): void {
    this.mode = mode;
  }

  /**
   * Every connection open now swallows the endpoint's answers from here on while its socket stays
   * open (an endpoint that stopped answering: a dead backend behind a load balancer, or a client
   * whose reader stalled); connections opened later pass as the mode says.
   */
  muteOpen(): void {
    for (const bridge of this.bridges) {
      bridge.muted = true;
    }
  }

  /** Cuts every connection open now, as a restarting node or load balancer does. */
  dropOpen(): void {
    for (const socket of this.sockets) {
      socket.terminate();
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) {
      socket.terminate();
    }
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private bridge(client: WebSocket): void {
    this.counters.connections++;
    const upstream = new WebSocket(this.upstreamUrl);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const pending: RawData[] = [];
    let lastDelivery = 0;
    const state = { muted: false };
    this.bridges.add(state);
    const closeBoth = () => {
      client.terminate();
      upstream.terminate();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      this.bridges.delete(state);
    };
    client.on('message', (data) => {
      if (upstream.readyState === WebSocket.OPEN) {
        upstream.send(data);
      } else {
        pending.push(data);
      }
    });
    upstream.on('open', () => {
      pending.splice(0).forEach((data) => upstream.send(data));
    });
    upstream.on('message', (data, isBinary) => {
      if (state.muted) {
        return;
      }
      const mode = this.mode;
      const deliver = (payload: RawData | string, binary: boolean) => {
        if (client.readyState === WebSocket.OPEN) {
          client.send(payload, { binary });
          this.counters.forwarded++;
        }
      };
      if (mode.kind === 'garbage' && this.random() < mode.share) {
        this.counters.corrupted++;
        const [payload, binary] = this.garbage(rawText(data));
        deliver(payload, binary);
        return;
      }
      if (mode.kind === 'lagging') {
        // in order, each held at least delayMs
        const at = Math.max(Date.now() + mode.delayMs, lastDelivery);
        lastDelivery = at;
        this.counters.delayed++;
        setTimeout(() => deliver(data, isBinary), at - Date.now());
        return;
      }
      deliver(data, isBinary);
    });
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  }

  private garbage(original: string): [string | Buffer, boolean] {
    const form = GARBAGE_FORMS[Math.floor(this.random() * GARBAGE_FORMS.length)]!;
    const id = /"id":\s*(\d+)/.exec(original)?.[1];
    switch (form) {
      case 'not-json':
        return ['<html>502 Bad Gateway</html>', false];
      case 'truncated':
        return [original.slice(0, Math.max(1, Math.floor(original.length / 2))), false];
      case 'empty-reply':
        return [
          JSON.stringify({ jsonrpc: '2.0', id: id === undefined ? null : Number(id) }),
          false,
        ];
      case 'wrong-type':
        return id === undefined
          ? ['{"jsonrpc":"2.0","method":"chain_newHead","params":{"result":42}}', false]
          : [
              JSON.stringify({ jsonrpc: '2.0', id: Number(id), result: { garbage: [1, 'x'] } }),
              false,
            ];
      case 'binary':
        return [
          Buffer.from(Array.from({ length: 64 }, () => Math.floor(this.random() * 256))),
          true,
        ];
    }
  }
}

function rawText(data: RawData): string {
  const buffer = Array.isArray(data)
    ? Buffer.concat(data)
    : Buffer.isBuffer(data)
      ? data
      : Buffer.from(data);
  return buffer.toString('utf8');
}
