import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, SqlStorage, type Database } from '../../src/storage';
import { waitFor } from '../support/wait-for';

describe('polkamesh start (what `npm start` runs), offline with no configuration', () => {
  let child: ChildProcess;
  let output = '';
  let database: Database | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'polkamesh-start-'));

  beforeAll(() => {
    child = spawn(process.execPath, [require.resolve('tsx/cli'), 'cli/main.ts', 'start'], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        PATH: process.env['PATH'],
        DATABASE_URL: `sqlite:${path.join(dir, 'polkamesh.db')}`,
        DEVNET_STATE_FILE: path.join(dir, 'devnet.bin'),
        DEVNET_PORT: '0',
        PORT: '0',
        DEMO_TRAFFIC_INTERVAL_MS: '500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });

  afterAll(async () => {
    await database?.close();
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts the devnet, follows it into SQLite and sees the demo jobs finalized', async () => {
    await waitFor(
      () => output.includes('polkamesh service running'),
      60_000,
      `service start; output so far:\n${output}`,
    );
    await waitFor(() => fs.existsSync(path.join(dir, 'polkamesh.db')), 10_000, 'database file');
    database = await openDatabase(`sqlite:${path.join(dir, 'polkamesh.db')}`);
    const storage = new SqlStorage(database);
    const jobs = await waitFor(
      async () => {
        const count = await storage.events.count({
          contract: 'aiJobQueue',
          eventName: 'JobAssigned',
          isFinal: true,
        });
        return count >= 2 && count;
      },
      60_000,
      'two demo jobs assigned and finalized',
    );
    expect(jobs).toBeGreaterThanOrEqual(2);
    expect(await storage.quarantine.count()).toBe(0);
    const job = await waitFor(() => storage.projections.getJob(1n), 10_000, 'job 1 projected');
    expect(job).toMatchObject({ id: 1n, modelRef: 'ocr:pp-ocrv4' });
    // Assigned to the demo's provider, which the service itself works as on the devnet.
    expect(['Assigned', 'InProgress', 'Completed']).toContain(job.status);

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('stopped');
    expect(fs.existsSync(path.join(dir, 'devnet.bin'))).toBe(true);
  });
});
