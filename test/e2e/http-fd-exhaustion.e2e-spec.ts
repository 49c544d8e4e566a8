import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait-for';

/** The service's open-file limit: room to start, little to spare. */
const MAX_OPEN_FILES = 512;
/** Connections the flood opens: about twice what the service can hold. */
const FLOOD = 1_000;

jest.setTimeout(300_000);

/**
 * The review's finding "at about 20,000 slow connections the service died on an uncaught EMFILE",
 * at a smaller scale: `polkamesh start` (bundled devnet, SQLite) under `ulimit -n 512`, with the
 * connection cap lifted so that idle connections exhaust its file descriptors. It must log the
 * EMFILE, stay up, and answer once the connections are gone.
 */
describe('`polkamesh start` out of file descriptors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'polkamesh-emfile-'));
  let service: ServiceProcess | undefined;
  const flood: Socket[] = [];

  afterAll(async () => {
    for (const socket of flood) {
      socket.destroy();
    }
    await service?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs EMFILE, stays up and answers again once the connections are gone', async () => {
    service = new ServiceProcess(
      'emfile',
      {
        DATABASE_URL: `sqlite:${join(dir, 'polkamesh.db')}`,
        DEVNET_PORT: '0',
        DEVNET_STATE_FILE: join(dir, 'devnet-state.bin'),
        CONTENT_STORE_DIR: join(dir, 'content'),
        PORT: '0',
        DEMO_TRAFFIC: 'false',
        LOG_LEVEL: 'warn',
        HTTP_MAX_CONNECTIONS: '1000000',
      },
      { maxOpenFiles: MAX_OPEN_FILES },
    );
    const url = await service.running(180_000);
    const { port } = new URL(url);
    for (let i = 0; i < FLOOD; i++) {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => undefined); // refused or reset once the service is out of fds
      flood.push(socket);
    }
    const outcome = await waitFor(
      () => (service!.hasExited ? 'exited' : service!.output.includes('EMFILE') && 'EMFILE'),
      120_000,
      `EMFILE in the service's output\n${service.tail}`,
    );
    expect(`${outcome}\n${service.tail}`).toMatch(/^EMFILE/);

    for (const socket of flood.splice(0)) {
      socket.destroy();
    }
    const health = await waitFor(
      async () =>
        service!.hasExited
          ? 'exited'
          : (await fetch(`${url}/health`, { headers: { connection: 'close' } })).status,
      60_000,
      `GET /health after the flood\n${service.tail}`,
    );
    expect(`${health}\n${service.tail}`).toMatch(/^200\n/);
  });
});
