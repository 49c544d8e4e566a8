import { main } from './main';

/** Runs the CLI in-process with stderr captured; every case here fails before any connection. */
async function run(...args: string[]): Promise<{ code: number; stderr: string }> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    const code = await main(['node', 'polkamesh', ...args]);
    return { code, stderr: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

const JOB = ['--model', 'ocr:pp-ocrv4', '--budget', '0.1'];

describe('usage errors of submit-job, demo and status exit 2 with a message', () => {
  it.each([
    [['submit-job', ...JOB, '--data', 'nft:1', '--bogus'], /unknown option '--bogus'/],
    [
      ['submit-job', '--model', 'ocr:pp-ocrv4', '--data', 'nft:1'],
      /'--budget <PAS>' not specified/,
    ],
    [['submit-job', '--budget', '1', '--data', 'nft:1'], /'--model <ref>' not specified/],
    [['submit-job', ...JOB], /exactly one of --data <ref> or --file <path>/],
    [
      ['submit-job', ...JOB, '--data', 'nft:1', '--file', 'a.png'],
      /'--data <ref>' cannot be used with option '--file <path>'/,
    ],
    [['submit-job', ...JOB, '--data', 'nft:1', '--deposit'], /--deposit needs --provider/],
    [['submit-job', '--model', 'x', '--budget', '1', '--data', 'nft:1'], /model_ref "x"/],
    [['submit-job', ...JOB, '--budget', '1e3', '--data', 'nft:1'], /budget must be a positive/],
    [['submit-job', ...JOB, '--data', 'nft:1', '--rpc', 'http://h:1'], /ws:\/\/ or wss:\/\//],
    [['submit-job', ...JOB, '--data', 'nft:1', '--provider', '0x12'], /provider must be an H160/],
    [['demo', '--interval', '-5'], /interval \(ms\) must be an integer/],
    [['demo', '--rpc', 'nope'], /rpc must be a ws:\/\/ or wss:\/\/ URL/],
    [['status', '--url', 'ftp://x'], /url must be an http:\/\/ or https:\/\//],
    [['status', '--timeout', '0'], /timeout \(ms\) must be an integer from 1/],
  ])('%j', async (args, message) => {
    const { code, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
