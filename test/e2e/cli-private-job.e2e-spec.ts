import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { defaultContractAddresses } from '../../devnet/devnet';
import { UserWallet } from '../../src/demo';
import type { DialectName } from '../../src/storage';
import { CHILD_ENV, cli, JWT_SECRET, useCliService } from '../support/cli-service';
import { STORY_DIALECTS } from '../support/databases';

/** `polkamesh submit-job --private` against a running `polkamesh start` (its own service). */
describe.each<DialectName>(STORY_DIALECTS)(
  'polkamesh CLI private job against a running service on %s',
  (dialect) => {
    const service = useCliService(dialect);

    it('submit-job --private (key on stdin) seals the references to the service key, and --wait reads the result back as the owner', async () => {
      const { receipt, httpUrl, devnetUrl, provider } = service;
      const run = cli(
        [
          'submit-job',
          '--rpc',
          devnetUrl,
          '--service',
          httpUrl,
          '--model',
          'ocr:pp-ocrv4',
          '--file',
          receipt,
          '--budget',
          '0.1',
          '--provider',
          provider,
          '--deposit',
          '--private',
          '--wait',
          '--seed-file',
          '-',
        ],
        CHILD_ENV,
        '//Eve\n',
      );
      expect({ code: await run.exited, stderr: run.stderr() }).toEqual({ code: 0, stderr: '' });
      const out = run.stdout();
      const [, id, owner] =
        /^job (\d+) submitted in block \S+ \(owner (0x[0-9a-f]{40})/m.exec(out) ?? [];
      const cid = new RegExp(
        `^job ${id}: references sealed to the service key \\(pmenc1\\) in confidential job (\\d+)$`,
        'm',
      ).exec(out)?.[1];
      expect(out).toMatch(
        new RegExp(`^job ${id} completed in block #\\d+ by ${provider}: result sha256:`, 'm'),
      );
      const printed = new RegExp(`^job ${id} output \\(text\\):\\n([^]*)$`, 'm').exec(out)?.[1];

      // The same output an operator reads with jobs:read-private; anonymous callers get none of it
      const token = cli(['token', '--scopes', 'jobs:read-private'], { ...CHILD_ENV, JWT_SECRET });
      expect(await token.exited).toBe(0);
      const operator = { authorization: `Bearer ${token.stdout().trim()}` };
      const result = (await (
        await fetch(`${httpUrl}/jobs/${id}/result`, { headers: operator })
      ).json()) as {
        result: { output: { kind: string; text: string } };
      };
      expect(result.result.output.kind).toBe('text');
      expect(printed).toBe(`${result.result.output.text}\n`);
      expect((await fetch(`${httpUrl}/jobs/${id}/result`)).status).toBe(401);

      // On-chain: the queue holds placeholders, the payload is a pmenc1 envelope (not base64 JSON)
      const api = await ApiPromise.create({
        provider: new WsProvider(devnetUrl),
        noInitWarn: true,
      });
      try {
        await cryptoWaitReady();
        const eve = new UserWallet(
          api,
          new Keyring({ type: 'sr25519' }).addFromUri('//Eve'),
          defaultContractAddresses(),
        );
        expect(eve.h160).toBe(owner);
        const queued = (await eve.read('aiJobQueue', 'getJob', BigInt(id!))).toJSON();
        expect(queued).toMatchObject({
          modelRef: 'confidential',
          dataRef: 'confidential',
          privacyRequired: true,
        });
        const twin = (await eve.read('phalaJobProcessor', 'getJob', BigInt(cid!))).toJSON() as {
          encryptedPayload: string;
        };
        expect(twin.encryptedPayload).toMatch(/^pmenc1:[A-Za-z0-9_-]+$/);
        expect(Buffer.from(twin.encryptedPayload, 'base64').toString('utf8')).not.toContain(
          'jobId',
        );
      } finally {
        await api.disconnect();
      }
    }, 120_000);
  },
);
