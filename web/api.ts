import { readToken } from './token';

/** The answer of one API call: the JSON body when it succeeded, else the status and the message. */
export type ApiAnswer<T> =
  | { readonly ok: true; readonly status: number; readonly body: T; readonly text: string }
  | {
      readonly ok: false;
      readonly status: number;
      readonly message: string;
      readonly code: string | null;
    };

/**
 * One same-origin request to the service's API (the dashboard talks to nothing else). The operator
 * token goes along only when `withToken` (the JWT-protected routes and content downloads).
 */
export async function callApi<T>(
  path: string,
  init: { method?: string; body?: unknown; withToken?: boolean } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = init.withToken === true ? readToken() : null;
  if (token !== null) {
    headers['authorization'] = `Bearer ${token}`;
  }
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
      cache: 'no-store',
    });
  } catch (err) {
    return {
      ok: false,
      status: 0,
      code: null,
      message: `the service is unreachable (${String(err)})`,
    };
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  if (res.ok) {
    return { ok: true, status: res.status, body: body as T, text };
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    ok: false,
    status: res.status,
    code: typeof error?.code === 'string' ? error.code : null,
    message: typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`,
  };
}

/** GET that throws the error message: for views that show one error line. */
export async function getJson<T>(path: string): Promise<T> {
  const answer = await callApi<T>(path);
  if (!answer.ok) {
    throw new Error(answer.message);
  }
  return answer.body;
}
