import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { closedPort, isPortFree } from '../support/loopback-ports';
import { ServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait-for';

describe('polkamesh start when starting fails after the bundled devnet started', () => {
  let dir: string;
  let stalled: net.Server | undefined;
  const sockets: net.Socket[] = [];
  const services: ServiceProcess[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'polkamesh-cli-start-'));
  });

  afterAll(async () => {
    // a service that did not exit (the failure these tests catch) must not outlive them
    await Promise.all(services.map((service) => service.kill()));
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => (stalled ? stalled.close(resolve) : resolve(undefined)));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** `polkamesh start` as one process (no tsx launcher), so a SIGKILL in afterAll reaches it. */
  const startWith = (databaseUrl: string, name: string) => {
    const service = new ServiceProcess(name, {
      DATABASE_URL: databaseUrl,
      DEVNET_STATE_FILE: path.join(dir, `${name}.bin`),
      CONTENT_STORE_DIR: path.join(dir, `${name}-content`),
      DEVNET_PORT: '0',
      PORT: '0',
      DEMO_TRAFFIC: 'false',
    });
    services.push(service);
    return service;
  };
  /** The exit status once the process exits, failing after `timeoutMs`. */
  const exitCodeOf = async (service: ServiceProcess, timeoutMs: number, what: string) => {
    let exit: { code: number | null } | undefined;
    void service.exited.then(({ code }) => (exit = { code }));
    return (await waitFor(() => exit, timeoutMs, what)).code;
  };
  const devnetPortOf = async (service: ServiceProcess) =>
    Number(
      await waitFor(
        () => /devnet running at ws:\/\/127\.0\.0\.1:(\d+)/.exec(service.output)?.[1],
        60_000,
        'the devnet to start',
      ),
    );

  it('exits 1 with the error when PostgreSQL is unreachable, and the devnet port is free again', async () => {
    const service = startWith(`postgres://polkamesh@127.0.0.1:${await closedPort()}/x`, 'refused');
    const devnetPort = await devnetPortOf(service);
    expect(await exitCodeOf(service, 60_000, 'the service to exit')).toBe(1);
    // (the exit may be seen before the last output is read)
    await waitFor(
      () => service.output.endsWith('\npolkamesh: cannot reach postgres database\n'),
      10_000,
      "the error as the service's last line",
    );
    expect(await isPortFree(devnetPort)).toBe(true);
  }, 90_000);

  it('honours SIGTERM while a start step hangs on a database that never answers', async () => {
    // accepts connections and never says a word, so the database step would wait forever
    stalled = net.createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
    await new Promise((resolve) => stalled!.once('listening', resolve));
    const { port } = stalled.address() as net.AddressInfo;
    const service = startWith(`postgres://polkamesh@127.0.0.1:${port}/x`, 'stalled');
    const devnetPort = await devnetPortOf(service);
    await waitFor(() => sockets.length > 0, 30_000, 'the service to connect to the database');
    service.signal('SIGTERM');
    expect(await exitCodeOf(service, 30_000, 'the service to exit on SIGTERM')).toBe(1);
    await waitFor(
      () =>
        service.output.endsWith('\npolkamesh: SIGTERM while starting: stopped what had started\n'),
      10_000,
      "the interruption as the service's last line",
    );
    expect(await isPortFree(devnetPort)).toBe(true);
  }, 90_000);
});
