import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultContractAddresses } from '../../devnet/devnet';
import { UserWallet } from '../../src/demo';
import { formatDataRef } from '../../src/references';
import { SqlStorage, type Database, type DialectName } from '../../src/storage';
import { renderTextImage } from '../fixtures/text-image';
import { createTestDatabase, type TestDatabase } from './databases';
import { startDevnetApi, type DevnetApi } from './devnet-api';
import { ServiceProcess } from './service-process';
import { waitFor } from './wait-for';

const PAS = 10_000_000_000n;
/** Enough text that the OCR attempt is still running when the signal arrives. */
const LINES = Array.from({ length: 24 }, (_, i) => `DRAIN LINE ${i + 1} POLKAMESH`);

/**
 * The graceful-shutdown story on one database: a SIGTERM while a job runs drains the service (the
 * attempt finishes, SSE streams end, the follower's lease is released) and it exits 0. Draining is
 * a database's business (the lease), so it runs on both, one test file per database
 * (`graceful-drain-*.e2e-spec.ts`), so that both run in parallel Jest workers.
 */
export function describeGracefulDrain(dialect: DialectName): void {
  jest.setTimeout(600_000);

  describe(`graceful shutdown on ${dialect}`, () => {
    let chain: DevnetApi;
    let db: TestDatabase;
    let database: Database;
    let service: ServiceProcess | undefined;
    const contentDir = mkdtempSync(join(tmpdir(), 'polkamesh-drain-'));

    beforeAll(async () => {
      chain = await startDevnetApi({ instant: false, blockTimeMs: 500 });
      db = await createTestDatabase(dialect);
      database = await db.open();
    });

    afterAll(async () => {
      await service?.kill();
      await database?.close();
      await db?.drop();
      await chain?.close();
      rmSync(contentDir, { recursive: true, force: true });
    });

    it('on SIGTERM says draining, lets the running attempt finish, ends SSE streams and exits 0', async () => {
      const addresses = defaultContractAddresses();
      const bob = new UserWallet(chain.api, chain.keyring.addFromUri('//Bob'), addresses);
      const dave = new UserWallet(chain.api, chain.keyring.addFromUri('//Dave'), addresses);
      await bob.ensureMapped();
      await dave.ensureMapped();
      service = new ServiceProcess(`drain-${dialect}`, {
        DATABASE_URL: db.url,
        RPC_URL: chain.devnet.url,
        BLOCK_TIME_MS: '500',
        WORKER_SEED: '//Dave',
        PORT: '0',
        CONTENT_STORE_DIR: contentDir,
        MAX_CONCURRENT_JOBS: '1',
        JOB_POLL_INTERVAL_MS: '100',
      });
      const url = await service.running(180_000);
      const storage = new SqlStorage(database);

      const stream = await fetch(`${url}/notifications`);
      expect(stream.status).toBe(200);
      const streamEnded = readToEnd(stream.body!);

      const submitted = await bob.submitJob({
        modelRef: 'ocr:pp-ocrv4',
        dataRef: formatDataRef({
          kind: 'data-url',
          mediaType: 'image/png',
          bytes: renderTextImage(LINES),
        }),
        privacyRequired: false,
        budgetPlanck: PAS,
      });
      await bob.assignProvider(submitted.id, dave.h160);
      await waitFor(
        async () => (await storage.work.get(submitted.id))?.state === 'running',
        180_000,
        `job ${submitted.id} running\n${service.tail}`,
        10,
      );

      service.signal('SIGTERM');
      const ready = await waitFor(
        async () => {
          const response = await fetch(`${url}/ready`);
          const body = (await response.json()) as { status: string; reasons: { code: string }[] };
          return body.status === 'draining' && { status: response.status, body };
        },
        10_000,
        `/ready to say draining\n${service.tail}`,
        10,
      );
      expect(ready.status).toBe(503);
      expect(ready.body.reasons.map((r) => r.code)).toEqual(['DRAINING']);

      expect(await service.exited).toEqual({ code: 0, signal: null });
      await streamEnded;
      const work = await storage.work.get(submitted.id);
      // the attempt ran to its end during the drain instead of being aborted
      expect(work).toMatchObject({ state: 'succeeded', attempts: 1 });
      expect(work?.result).not.toBeNull();
      const lease = await database.db
        .selectFrom('leases')
        .select(['expires_at_ms'])
        .where('name', '=', 'chain-follower')
        .executeTakeFirstOrThrow();
      expect(Number(lease.expires_at_ms)).toBe(0); // released, so a standby would take over at once
      expect(service.output).toContain('draining');
    });
  });
}

async function readToEnd(body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  for (;;) {
    const { done } = await reader.read();
    if (done) {
      return;
    }
  }
}
