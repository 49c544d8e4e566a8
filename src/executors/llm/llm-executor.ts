import { computeContentDigest } from '../../content-store';
import {
  InvalidInputError,
  type ExecutionRequest,
  type ExecutionResult,
  type Executor,
  type ExecutorSettings,
} from '../executor';
import { readCapped } from './read-capped';

export const LLM_EXECUTOR_VERSION = 'llm-openai-compat@1';
export const DEFAULT_LLM_TIMEOUT_MS = 120_000;
/** The most response body we read from the LLM server. */
export const MAX_LLM_RESPONSE_BYTES = 4 * 1024 * 1024;
const MAX_ERROR_MESSAGE_LENGTH = 300;

/**
 * `llm:<name>`: one chat completion from an OpenAI-compatible server (Ollama, vLLM, …) at
 * `settings.llmBaseUrl`, with temperature 0 and seed 0 so that a server which honours them
 * answers the same prompt the same way.
 *
 * The input is the prompt as UTF-8 text, or JSON `{"prompt": "...", "system": "..."}`.
 * The output is the completion text (`text/plain; charset=utf-8`).
 *
 * The model digest cannot be a digest of the weights, which we never see: it is the SHA-256 of
 * `llm:<name>@<base URL without credentials>`, plus `#<system_fingerprint>` when the server
 * reports one (vLLM and OpenAI do; Ollama does not).
 *
 * Errors: no base URL, or a 4xx other than 408/429, is an `InvalidInputError`; timeouts, 5xx,
 * 408/429, unreadable answers and answers over `MAX_LLM_RESPONSE_BYTES` are retryable errors.
 */
export function createLlmExecutor(): Executor {
  return {
    async run(request: ExecutionRequest): Promise<ExecutionResult> {
      if (request.model.kind !== 'llm') {
        throw new Error(`the LLM executor cannot run ${request.model.kind} models`);
      }
      const settings = request.settings ?? {};
      if (settings.llmBaseUrl === undefined || settings.llmBaseUrl === '') {
        throw new InvalidInputError('LLM jobs are disabled: LLM_BASE_URL is not set');
      }
      const name = request.model.name;
      const baseUrl = withoutCredentials(settings.llmBaseUrl);
      const completion = await chatCompletion(settings, baseUrl, {
        model: name,
        messages: promptMessages(request.input),
        temperature: 0,
        seed: 0,
        stream: false,
      });
      const fingerprint = completion.systemFingerprint;
      const identity = `llm:${name}@${baseUrl}${fingerprint === null ? '' : `#${fingerprint}`}`;
      return {
        output: new TextEncoder().encode(completion.content),
        outputMediaType: 'text/plain; charset=utf-8',
        modelDigest: computeContentDigest(new TextEncoder().encode(identity)),
        executorVersion: LLM_EXECUTOR_VERSION,
        summary: {
          model: name,
          systemFingerprint: fingerprint,
          promptTokens: completion.promptTokens,
          completionTokens: completion.completionTokens,
        },
      };
    },
  };
}

interface ChatMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

interface Completion {
  readonly content: string;
  readonly systemFingerprint: string | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
}

/** The chat messages for an input: JSON `{"prompt", "system"?}`, or else the whole text. */
export function promptMessages(input: Uint8Array): ChatMessage[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new InvalidInputError('the prompt is not UTF-8 text');
  }
  const json = parseJsonObject(text);
  if (json !== null && typeof json['prompt'] === 'string') {
    const system = json['system'];
    if (system !== undefined && typeof system !== 'string') {
      throw new InvalidInputError('"system" must be a string');
    }
    return [
      ...(system === undefined || system === ''
        ? []
        : [{ role: 'system' as const, content: system }]),
      userMessage(json['prompt']),
    ];
  }
  return [userMessage(text)];
}

function userMessage(content: string): ChatMessage {
  if (content.trim() === '') {
    throw new InvalidInputError('the prompt is empty');
  }
  return { role: 'user', content };
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  if (!text.trimStart().startsWith('{')) {
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

async function chatCompletion(
  settings: ExecutorSettings,
  baseUrl: string,
  body: unknown,
): Promise<Completion> {
  const timeoutMs = settings.llmTimeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const basic = basicCredentials(settings.llmBaseUrl ?? '');
  if (settings.llmApiKey !== undefined && settings.llmApiKey !== '') {
    headers['authorization'] = `Bearer ${settings.llmApiKey}`;
  } else if (basic !== null) {
    // fetch refuses URLs with credentials; send them as a header instead.
    headers['authorization'] = `Basic ${basic}`;
  }
  let status: number;
  let responseText: string;
  try {
    const response = await fetch(`${baseUrl}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    responseText = await readCapped(response, MAX_LLM_RESPONSE_BYTES);
  } catch (err) {
    // By name, not instanceof: the DOMException may come from another realm.
    if ((err as { name?: unknown } | null)?.name === 'TimeoutError') {
      throw new Error(`the LLM server at ${baseUrl} did not answer within ${timeoutMs} ms`, {
        cause: err,
      });
    }
    throw new Error(`the LLM request to ${baseUrl} failed: ${String((err as Error).message)}`, {
      cause: err,
    });
  }
  if (status < 200 || status > 299) {
    const message = `the LLM server answered ${status}: ${serverMessage(responseText)}`;
    throw status >= 400 && status < 500 && status !== 408 && status !== 429
      ? new InvalidInputError(message)
      : new Error(message);
  }
  return parseCompletion(responseText);
}

function parseCompletion(text: string): Completion {
  const json = parseJsonObject(text);
  const choices = json?.['choices'];
  const first: unknown = Array.isArray(choices) ? choices[0] : undefined;
  const message = isRecord(first) ? first['message'] : undefined;
  const content = isRecord(message) ? message['content'] : undefined;
  if (json === null || typeof content !== 'string') {
    throw new Error('the LLM server answered without choices[0].message.content');
  }
  const usage = isRecord(json['usage']) ? json['usage'] : {};
  const fingerprint = json['system_fingerprint'];
  return {
    content,
    systemFingerprint: typeof fingerprint === 'string' && fingerprint !== '' ? fingerprint : null,
    promptTokens: countOrNull(usage['prompt_tokens']),
    completionTokens: countOrNull(usage['completion_tokens']),
  };
}

/** The server's error message (`{"error": {"message"}}` or `{"error": "..."}`), truncated. */
function serverMessage(text: string): string {
  const json = parseJsonObject(text);
  const error = json?.['error'];
  const message = isRecord(error) ? error['message'] : error;
  const raw = typeof message === 'string' ? message : text;
  return raw.length > MAX_ERROR_MESSAGE_LENGTH ? `${raw.slice(0, MAX_ERROR_MESSAGE_LENGTH)}…` : raw;
}

/** The base URL as text, without user name and password (which must never reach a digest). */
export function withoutCredentials(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InvalidInputError('LLM_BASE_URL is not a valid URL');
  }
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/+$/, '');
}

function basicCredentials(baseUrl: string): string | null {
  const url = new URL(baseUrl);
  if (url.username === '' && url.password === '') {
    return null;
  }
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return Buffer.from(pair).toString('base64');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countOrNull(value: unknown): number | null {
  return Number.isSafeInteger(value) ? (value as number) : null;
}
