import { InvalidArgumentError } from 'commander';
import {
  mediaTypeForFile,
  parseDataRefOption,
  parseH160,
  parseModelRefOption,
  planFileData,
  planSubmitJob,
  submitJobLines,
  type SubmitJobCliOptions,
} from './submit-job-options';

const BASE: SubmitJobCliOptions = {
  model: 'ocr:pp-ocrv4',
  data: 'data:text/plain;base64,aGk=',
  budget: 1_000_000_000n,
  seed: '//Bob',
  rpc: 'ws://127.0.0.1:9944',
  deadlineBlocks: 1000,
  service: 'http://127.0.0.1:3000',
};
const PROVIDER = '0xe2235a2ffe0354b27a6a1c543be6bf2920ff2134';

describe('planSubmitJob', () => {
  it('takes a data ref, no provider, no deposit, no wait by default', () => {
    expect(planSubmitJob(BASE)).toEqual({
      rpcUrl: 'ws://127.0.0.1:9944',
      seed: '//Bob',
      modelRef: 'ocr:pp-ocrv4',
      data: { kind: 'ref', ref: 'data:text/plain;base64,aGk=' },
      budgetPlanck: 1_000_000_000n,
      deadlineBlocks: 1000,
      provider: null,
      depositPlanck: null,
      isPrivate: false,
      shouldWait: false,
      serviceUrl: 'http://127.0.0.1:3000',
      token: null,
    });
  });

  it('needs exactly one of --data and --file', () => {
    expect(planSubmitJob({ ...BASE, data: undefined })).toEqual({
      usage: 'give exactly one of --data <ref> or --file <path>',
    });
    expect(planSubmitJob({ ...BASE, file: 'a.png' })).toHaveProperty('usage');
    expect(planSubmitJob({ ...BASE, data: undefined, file: 'a.png' })).toMatchObject({
      data: { kind: 'file', path: 'a.png' },
    });
  });

  it('deposits the budget for a bare --deposit, or the amount given', () => {
    const bare = planSubmitJob({ ...BASE, provider: PROVIDER, deposit: true });
    expect(bare).toMatchObject({ provider: PROVIDER, depositPlanck: 1_000_000_000n });
    const amount = planSubmitJob({ ...BASE, provider: PROVIDER, deposit: 7n });
    expect(amount).toMatchObject({ depositPlanck: 7n });
  });

  it('refuses --deposit without --provider: the escrow names its payee', () => {
    expect(planSubmitJob({ ...BASE, deposit: true })).toEqual({
      usage: '--deposit needs --provider <h160>: the escrow is paid out to that provider',
    });
  });

  it('carries --private and --wait', () => {
    expect(planSubmitJob({ ...BASE, private: true, wait: true })).toMatchObject({
      isPrivate: true,
      shouldWait: true,
    });
  });
});

describe('option parsers', () => {
  it('lower-cases a valid H160 and refuses anything else', () => {
    expect(parseH160('0xE2235A2FFE0354B27A6A1C543BE6BF2920FF2134')).toBe(PROVIDER);
    for (const bad of ['', 'e2235a2ffe0354b27a6a1c543be6bf2920ff2134', '0x1234', `${PROVIDER}00`]) {
      expect(() => parseH160(bad)).toThrow(InvalidArgumentError);
    }
  });

  it('refuses a model_ref or data_ref the service would reject, with its reason', () => {
    expect(parseModelRefOption('vision:mobilenet-v2')).toBe('vision:mobilenet-v2');
    expect(() => parseModelRefOption('model:cpu:describe')).toThrow(/^model: .*frontend/);
    expect(parseDataRefOption('nft:12')).toBe('nft:12');
    expect(() => parseDataRefOption('http://example.com/a.png')).toThrow(/^data: /);
    expect(() => parseDataRefOption('data:1700000000000:scan my receipt')).toThrow(/placeholder/);
  });
});

describe('planFileData', () => {
  it('inlines a small file as a base64 data: URL with the media type of its extension', () => {
    expect(planFileData('scan.PNG', new Uint8Array([1, 2, 3]), false)).toEqual({
      kind: 'inline',
      ref: 'data:image/png;base64,AQID',
    });
    expect(planFileData('notes.txt', Buffer.from('hi'), true)).toEqual({
      kind: 'inline',
      ref: 'data:text/plain;base64,aGk=',
    });
    expect(planFileData('a.bin', new Uint8Array(64 * 1024), false)).toMatchObject({
      kind: 'inline',
    });
  });

  it('uploads a file over 64 KiB when there is a token, and says how otherwise', () => {
    const big = new Uint8Array(64 * 1024 + 1);
    expect(planFileData('big.wav', big, true)).toEqual({ kind: 'upload', mediaType: 'audio/wav' });
    expect(planFileData('big.wav', big, false)).toEqual({
      kind: 'error',
      message: expect.stringMatching(/65537 bytes.*at most 65536.*--token.*content:write/),
    });
  });

  it('refuses an empty file', () => {
    expect(planFileData('a.bin', new Uint8Array(0), true)).toEqual({
      kind: 'error',
      message: 'a.bin is empty',
    });
  });

  it('knows the media types of the built-in executors inputs', () => {
    expect(mediaTypeForFile('a.jpeg')).toBe('image/jpeg');
    expect(mediaTypeForFile('speech.wav')).toBe('audio/wav');
    expect(mediaTypeForFile('rows.csv')).toBe('text/csv');
    expect(mediaTypeForFile('model.onnx')).toBe('application/octet-stream');
    expect(mediaTypeForFile('noext')).toBe('application/octet-stream');
  });
});

describe('submitJobLines', () => {
  it('prints amounts in PAS and ids and hashes verbatim', () => {
    expect(submitJobLines.submitted(3n, '0xabc', PROVIDER, 1_000_000_000n)).toBe(
      `job 3 submitted in block 0xabc (owner ${PROVIDER}, budget 0.1 PAS)\n`,
    );
    expect(submitJobLines.completed(3n, 27, PROVIDER, 'sha256:00ff')).toBe(
      `job 3 completed in block #27 by ${PROVIDER}: result sha256:00ff\n`,
    );
  });
});
