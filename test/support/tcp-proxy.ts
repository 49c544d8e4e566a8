import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a server (a database) that a test can cut: `cut()` closes
 * every open connection and refuses new ones (the server is away, as during a restart);
 * `restore()` accepts again on the same port.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Listens on a free loopback port; resolves with it. */
  async start(): Promise<number> {
    await this.listen(0);
    return this.port;
  }

  /** Ends every proxied connection and stops accepting (new connections are refused). */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    const closed = new Promise<void>((done) =>
      server === null ? done() : server.close(() => done()),
    );
    for (const socket of this.sockets) {
      socket.destroy();
    }
    this.sockets.clear();
    await closed;
  }

  /** Accepts again, on the same port. */
  async restore(): Promise<void> {
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private listen(port: number): Promise<void> {
    const server = createServer((client) => this.pipe(client));
    return new Promise((done, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        this.port = typeof address === 'object' && address !== null ? address.port : port;
        this.server = server;
        done();
      });
    });
  }

  private pipe(client: Socket): void {
    const upstream = createConnection(this.targetPort, this.targetHost);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
