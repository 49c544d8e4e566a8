import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeContentDigest } from '../../content-store';
import { InvalidInputError, type ExecutionRequest, type ExecutorSettings } from '../executor';
import { MAX_LLM_RESPONSE_BYTES, createLlmExecutor } from './llm-executor';

interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: any;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: any) => void;

/** An answer shaped like Ollama's /v1/chat/completions. */
function ollamaAnswer(content: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'chatcmpl-123',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'llama3.2',
    system_fingerprint: 'fp_ollama',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
    ...extra,
  });
}

async function failureOf(run: Promise<unknown>): Promise<Error> {
  try {
    await run;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the run to fail');
}

describe('createLlmExecutor', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  const seen: SeenRequest[] = [];

  beforeEach(async () => {
    seen.length = 0;
    handler = (_req, res) => res.end(ollamaAnswer('Paris'));
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString() || 'null');
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        handler(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function request(
    input: string,
    settings: ExecutorSettings = { llmBaseUrl: baseUrl },
  ): ExecutionRequest {
    return {
      model: { kind: 'llm', name: 'llama3.2' },
      input: new TextEncoder().encode(input),
      inputMediaType: 'text/plain',
      settings,
    };
  }

  it('posts the prompt with temperature 0 and seed 0 and returns the completion text', async () => {
    const result = await createLlmExecutor().run(request('What is the capital of France?'));

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'What is the capital of France?' }],
        temperature: 0,
        seed: 0,
        stream: false,
      },
    });
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(seen[0]?.headers['authorization']).toBeUndefined();
    expect(new TextDecoder().decode(result.output)).toBe('Paris');
    expect(result.outputMediaType).toBe('text/plain; charset=utf-8');
    expect(result.executorVersion).toBe('llm-openai-compat@1');
    expect(result.summary).toEqual({
      model: 'llama3.2',
      systemFingerprint: 'fp_ollama',
      promptTokens: 12,
      completionTokens: 3,
    });
  });

  it('digests the model name, the base URL and the system fingerprint', async () => {
    const result = await createLlmExecutor().run(request('hi'));

    expect(result.modelDigest).toBe(
      computeContentDigest(new TextEncoder().encode(`llm:llama3.2@${baseUrl}#fp_ollama`)),
    );
  });

  it('digests without a fingerprint when the server sends none, and tolerates missing usage', async () => {
    handler = (_req, res) =>
      res.end(ollamaAnswer('ok', { system_fingerprint: undefined, usage: undefined }));

    const result = await createLlmExecutor().run(request('hi'));

    expect(result.modelDigest).toBe(
      computeContentDigest(new TextEncoder().encode(`llm:llama3.2@${baseUrl}`)),
    );
    expect(result.summary).toMatchObject({ promptTokens: null, completionTokens: null });
  });

  it('sends JSON "system" and "prompt" fields as separate messages', async () => {
    await createLlmExecutor().run(request(JSON.stringify({ system: 'Be brief.', prompt: 'Hi?' })));

    expect(seen[0]?.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi?' },
    ]);
  });

  it('sends JSON without a "prompt" field as plain text', async () => {
    await createLlmExecutor().run(request('{"question": 1}'));

    expect(seen[0]?.body.messages).toEqual([{ role: 'user', content: '{"question": 1}' }]);
  });

  it('sends the API key as a bearer token', async () => {
    await createLlmExecutor().run(request('hi', { llmBaseUrl: baseUrl, llmApiKey: 'sk-test' }));

    expect(seen[0]?.headers['authorization']).toBe('Bearer sk-test');
  });

  it('keeps credentials in the base URL out of the digest and sends them as basic auth', async () => {
    const withCredentials = baseUrl.replace('http://', 'http://user:s%40cret@');

    const result = await createLlmExecutor().run(request('hi', { llmBaseUrl: withCredentials }));

    expect(seen[0]?.headers['authorization']).toBe(
      `Basic ${Buffer.from('user:s@cret').toString('base64')}`,
    );
    expect(result.modelDigest).toBe(
      computeContentDigest(new TextEncoder().encode(`llm:llama3.2@${baseUrl}#fp_ollama`)),
    );
  });

  it('refuses LLM jobs when no base URL is set', async () => {
    const run = createLlmExecutor().run(request('hi', {}));

    await expect(run).rejects.toBeInstanceOf(InvalidInputError);
    await expect(run).rejects.toThrow('LLM jobs are disabled: LLM_BASE_URL is not set');
  });

  it.each([
    ['an empty prompt', '  '],
    ['an empty JSON prompt', '{"prompt": ""}'],
    ['a non-string system', '{"prompt": "hi", "system": 3}'],
  ])('refuses %s without calling the server', async (_case, input) => {
    await expect(createLlmExecutor().run(request(input))).rejects.toBeInstanceOf(InvalidInputError);
    expect(seen).toHaveLength(0);
  });

  it('refuses a prompt that is not UTF-8', async () => {
    const run = createLlmExecutor().run({ ...request(''), input: Uint8Array.of(0xc3, 0x28) });

    await expect(run).rejects.toThrow(/not UTF-8/);
  });

  it("turns a 4xx into an InvalidInputError with the server's message, truncated", async () => {
    const long = `model "llama3.2" not found, try pulling it first ${'x'.repeat(1000)}`;
    handler = (_req, res) => {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { message: long, type: 'api_error' } }));
    };

    const error = await failureOf(createLlmExecutor().run(request('hi')));

    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toMatch(/^the LLM server answered 404: model "llama3.2" not found/);
    expect(error.message.length).toBeLessThan(400);
  });

  it.each([500, 503, 429, 408])('fails retryably on HTTP %i', async (status) => {
    handler = (_req, res) => {
      res.statusCode = status;
      res.end('{"error": "busy"}');
    };

    const error = await failureOf(createLlmExecutor().run(request('hi')));

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe(`the LLM server answered ${status}: busy`);
  });

  it('fails retryably when the server does not answer in time', async () => {
    handler = () => undefined; // never answers

    const error = await failureOf(
      createLlmExecutor().run(request('hi', { llmBaseUrl: baseUrl, llmTimeoutMs: 200 })),
    );

    expect(error).not.toBeInstanceOf(InvalidInputError);
    expect(error.message).toMatch(/did not answer within 200 ms/);
  });

  it('fails retryably when nothing listens at the base URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const run = createLlmExecutor().run(
      request('hi', { llmBaseUrl: `http://127.0.0.1:${port}/v1` }),
    );

    await expect(run).rejects.toThrow(`the LLM request to http://127.0.0.1:${port}/v1 failed`);
    await expect(run).rejects.not.toBeInstanceOf(InvalidInputError);
  });

  it('refuses a streamed answer over the size cap without reading all of it', async () => {
    let written = 0;
    handler = (_req, res) => {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = (): void => {
        // Stop writing once the client has given up (or after far more than the cap).
        while (!res.destroyed && written < MAX_LLM_RESPONSE_BYTES * 4) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    };

    const run = createLlmExecutor().run(request('hi'));

    await expect(run).rejects.toThrow(/over 4194304 bytes/);
    await expect(run).rejects.not.toBeInstanceOf(InvalidInputError);
  });

  it('refuses an answer whose declared length is over the cap', async () => {
    handler = (_req, res) => {
      res.setHeader('content-length', String(MAX_LLM_RESPONSE_BYTES + 1));
      res.write('{');
    };

    await expect(createLlmExecutor().run(request('hi'))).rejects.toThrow(/4194305 bytes/);
  });

  it('fails retryably on an answer without choices', async () => {
    handler = (_req, res) => res.end('{"object": "chat.completion", "choices": []}');

    const error = await failureOf(createLlmExecutor().run(request('hi')));

    expect(error).not.toBeInstanceOf(InvalidInputError);
    expect(error.message).toMatch(/without choices\[0\]\.message\.content/);
  });
});
