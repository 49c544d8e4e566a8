import type { H160 } from '../../contracts';
import { computeContentDigest } from '../../content-store';
import { InMemoryContentStore } from '../../content-store/testing/in-memory-content-store';
import { externalDataModel, fileReachModel } from '../../../test/fixtures/file-reach-models';
import { affineModel } from '../../../test/fixtures/onnx-models';
import { DataResolver, type NftAccess } from '../references';
import { formatDataRef } from '../../references';
import { JobAdmission, type AdmissionVerdict } from './job-admission';
import type { JobWork } from './job-work';

const OWNER: H160 = `0x${'11'.repeat(20)}`;
const NO_NFTS: NftAccess = {
  getNft: () => Promise.resolve(null),
  hasAccess: () => Promise.resolve(false),
};
const TENSOR_INPUT = formatDataRef({
  kind: 'data-url',
  mediaType: 'application/json',
  bytes: new TextEncoder().encode('{"inputs":{}}'),
});

const work = {
  queueJobId: 1n,
  owner: OWNER,
  budget: 10n,
  deadlineBlock: 1_000,
} as JobWork;

function setup() {
  const contents = new InMemoryContentStore();
  const admission = new JobAdmission(
    { minBudget: 1n, maxInputBytes: 64 * 1024, llmEnabled: false },
    new DataResolver(contents, NO_NFTS, null),
    contents,
  );
  const admit = (modelRef: string, dataRef: string): Promise<AdmissionVerdict> =>
    admission.admit(work, { modelRef, dataRef }, 10);
  return { contents, admit };
}

function dataRefOf(bytes: Uint8Array): string {
  return formatDataRef({ kind: 'data-url', mediaType: 'application/octet-stream', bytes });
}

describe('JobAdmission of onnx: models', () => {
  it('admits a model stored as a model and stores the input as data only', async () => {
    const { contents, admit } = setup();
    const digest = await contents.put(affineModel(), 'application/onnx', { asModel: true });

    const verdict = await admit(`onnx:${digest}`, TENSOR_INPUT);

    expect(verdict.kind).toBe('admit');
    const input = verdict.kind === 'admit' ? await contents.stat(verdict.inputDigest) : null;
    expect(input?.isModel).toBe(false);
  });

  it("rejects a model that is in the store only as another job's input", async () => {
    const { admit } = setup();
    const model = externalDataModel('keystore.json', 32);
    // The first job carries the model as its data: admitted, stored as data.
    const first = await admit('ocr:pp-ocrv4', dataRefOf(model));
    expect(first.kind).toBe('admit');

    const second = await admit(`onnx:${computeContentDigest(model)}`, TENSOR_INPUT);

    expect(second).toEqual({
      kind: 'reject',
      code: 'model-data-only',
      reason: `${computeContentDigest(model)} was stored as job data, not as a model: an onnx: model must be uploaded with POST /content (scope content:write) or be a model trained by this service`,
    });
  });

  it('keeps a data input from downgrading a model that was uploaded as one', async () => {
    const { contents, admit } = setup();
    const digest = await contents.put(affineModel(), 'application/onnx', { asModel: true });
    expect((await admit('ocr:pp-ocrv4', dataRefOf(affineModel()))).kind).toBe('admit');

    expect((await admit(`onnx:${digest}`, TENSOR_INPUT)).kind).toBe('admit');
  });

  it('retries a model that is not in the store yet', async () => {
    const { admit } = setup();

    const verdict = await admit(`onnx:${computeContentDigest(affineModel())}`, TENSOR_INPUT);

    expect(verdict).toMatchObject({ kind: 'retry', reason: /not in the content store/ });
  });

  it('rejects a model uploaded as a model whose tensors live in external files', async () => {
    const { contents, admit } = setup();
    const model = fileReachModel('subgraph', 'keystore.json', { length: 100_000 });
    const digest = await contents.put(model, 'application/onnx', { asModel: true });

    const verdict = await admit(`onnx:${digest}`, TENSOR_INPUT);

    expect(verdict).toMatchObject({ kind: 'reject', code: 'model-external-data' });
    expect(verdict.kind === 'reject' && verdict.reason).toMatch(
      /^graph "leak" > node "if_node" \(If\) .* keeps its data outside the model \(external data\)/,
    );
    expect(JSON.stringify(verdict)).not.toMatch(/keystore|100000/);
  });

  it('retries a model whose stored bytes are corrupted', async () => {
    const { contents, admit } = setup();
    const digest = await contents.put(affineModel(), 'application/onnx', { asModel: true });
    contents.corrupt(digest);

    expect(await admit(`onnx:${digest}`, TENSOR_INPUT)).toEqual({
      kind: 'retry',
      reason: `model ${digest} is corrupted in the content store`,
    });
  });
});
