import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DialectName } from '../../src/storage';
import { CHILD_ENV, cli, JWT_SECRET, useCliService } from '../support/cli-service';
import { STORY_DIALECTS } from '../support/databases';
import { waitFor } from '../support/wait-for';

/** `polkamesh submit-job --file` of a large file against a running `polkamesh start` (its own service). */
describe.each<DialectName>(STORY_DIALECTS)(
  'polkamesh CLI content upload against a running service on %s',
  (dialect) => {
    const service = useCliService(dialect);

    it('submit-job --file uploads a file over 64 KiB to the content store with a token from POLKAMESH_TOKEN, and refuses without', async () => {
      const { dir, httpUrl, devnetUrl } = service;
      const big = path.join(dir, 'rows.csv');
      const bytes = Buffer.from('a,b\n'.repeat(20_000));
      fs.writeFileSync(big, bytes);
      const args = ['submit-job', '--rpc', devnetUrl, '--model', 'train:tabular-classification'];
      const refused = cli([...args, '--file', big, '--budget', '0.01']);
      expect(await refused.exited).toBe(1);
      expect(refused.stderr()).toMatch(/rows\.csv is 80000 bytes; .*--token/);

      const token = cli(['token', '--scopes', 'content:write'], { ...CHILD_ENV, JWT_SECRET });
      expect(await token.exited).toBe(0);
      const upload = cli([...args, '--file', big, '--budget', '0.01', '--service', httpUrl], {
        ...CHILD_ENV,
        POLKAMESH_TOKEN: token.stdout().trim(),
      });
      expect({ code: await upload.exited, stderr: upload.stderr() }).toEqual({
        code: 0,
        stderr: '',
      });
      const ref = `cas:sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      expect(upload.stdout()).toContain(`uploaded ${big} as ${ref}\n`);
      const id = /^job (\d+) submitted/m.exec(upload.stdout())?.[1];
      const job = await waitFor(
        async () => {
          const response = await fetch(`${httpUrl}/jobs/${id}`);
          return response.status === 200 && ((await response.json()) as { dataRef: string });
        },
        30_000,
        `GET /jobs/${id}`,
      );
      expect(job.dataRef).toBe(ref);
    }, 120_000);
  },
);
