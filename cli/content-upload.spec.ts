import { uploadContent, type UploadFetch } from './content-upload';

const REF = `cas:sha256:${'ab'.repeat(32)}`;

function answering(status: number, body: unknown): { fetch: UploadFetch; calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push([url, init]);
      return Promise.resolve(new Response(JSON.stringify(body), { status }));
    },
  };
}

describe('uploadContent', () => {
  it('POSTs the bytes with their media type and the bearer token, and returns the cas ref', async () => {
    const service = answering(201, { ref: REF, digest: `sha256:${'ab'.repeat(32)}`, size: 3 });
    const bytes = new Uint8Array([1, 2, 3]);
    await expect(
      uploadContent('http://127.0.0.1:3000/', 'tok', bytes, 'audio/wav', service.fetch),
    ).resolves.toBe(REF);
    expect(service.calls).toEqual([
      [
        'http://127.0.0.1:3000/content',
        {
          method: 'POST',
          headers: { authorization: 'Bearer tok', 'content-type': 'audio/wav' },
          body: bytes,
          signal: expect.any(AbortSignal),
        },
      ],
    ]);
  });

  it('names the error code of a refused upload', async () => {
    const unauthorized = answering(401, {
      error: { code: 'UNAUTHORIZED', message: 'a bearer token is required', errorId: 'x' },
    });
    await expect(
      uploadContent('http://s', 't', new Uint8Array([1]), 'text/plain', unauthorized.fetch),
    ).rejects.toThrow(
      'upload to http://s/content refused with HTTP 401 (UNAUTHORIZED: a bearer token is required)',
    );
  });

  it('refuses an answer without a cas:sha256 ref, and reports an unreachable service', async () => {
    const odd = answering(201, { ref: 'data:,x' });
    await expect(
      uploadContent('http://s', 't', new Uint8Array([1]), 'text/plain', odd.fetch),
    ).rejects.toThrow('answered no cas:sha256 ref');
    const refused: UploadFetch = () =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }));
    await expect(
      uploadContent('http://s', 't', new Uint8Array([1]), 'text/plain', refused),
    ).rejects.toThrow('cannot upload to http://s/content: connect ECONNREFUSED');
  });
});
