import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { externalDataModel } from '../../../test/fixtures/file-reach-models';

// onnxruntime resolves external data against the process's working directory, so it runs in a
// child process started in a temporary directory (Jest's own working directory is the repository).
const RUNNER = `
const ort = require(process.argv[1]);
const model = require('node:fs').readFileSync(process.argv[2]);
ort.InferenceSession.create(model)
  .then((session) => session.run({}))
  .then((out) => process.stdout.write(Buffer.from(out.y.data).toString('utf8')))
  .catch((err) => process.stdout.write('error: ' + err.message));
`;

const SECRET = 'not-a-real-key: 0123456789abcdef';

describe('file-reach test models (the threat they stand for)', () => {
  let cwd: string;

  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'file-reach-'));
    writeFileSync(join(cwd, 'keystore.json'), SECRET);
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  async function runInCwd(model: Uint8Array): Promise<string> {
    const modelPath = join(cwd, 'model.onnx');
    writeFileSync(modelPath, model);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-e', RUNNER, require.resolve('onnxruntime-node'), modelPath],
      { cwd },
    );
    return stdout;
  }

  it('makes plain onnxruntime, loading from bytes, output a file from its working directory', async () => {
    expect(await runInCwd(externalDataModel('keystore.json', SECRET.length))).toBe(SECRET);
  });

  it("makes plain onnxruntime's error tell a file's size for an oversized length", async () => {
    const error = await runInCwd(externalDataModel('keystore.json', 100_000));

    expect(error).toMatch(new RegExp(`file_length: ${SECRET.length}\\b`));
  });
});
