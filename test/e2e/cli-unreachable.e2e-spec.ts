import { cli } from '../support/cli-service';
import { closedPort } from '../support/loopback-ports';

/** The CLI with nothing to talk to: no service and no chain started. */
describe('polkamesh CLI when nothing answers', () => {
  it('status exits 2 when nothing answers; submit-job exits 1 with a clear error when the RPC is unreachable', async () => {
    const port = await closedPort();
    const status = cli(['status', '--url', `http://127.0.0.1:${port}`]);
    expect(await status.exited).toBe(2);
    expect(status.stderr()).toMatch(
      new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port}/\\w+: connect ECONNREFUSED`),
    );

    const submit = cli([
      'submit-job',
      '--rpc',
      `ws://127.0.0.1:${port}`,
      '--model',
      'ocr:pp-ocrv4',
      '--data',
      'nft:1',
      '--budget',
      '1',
    ]);
    expect(await submit.exited).toBe(1);
    expect(submit.stderr()).toBe(
      `polkamesh: cannot reach the chain at ws://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
  }, 60_000);
});
