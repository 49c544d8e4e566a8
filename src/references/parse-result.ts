/**
 * Why a reference was refused:
 * - `malformed`: the text does not follow the grammar of its scheme;
 * - `unsupported`: a well-formed reference this service does not run or fetch;
 * - `frontend-placeholder`: the web frontend's `model:<class>:<text>` / `data:<ms>:<text>` labels,
 *   which name no model and carry no data (docs/adr/0006-reference-grammar.md);
 * - `too-large`: inline data over the size limit.
 */
export type RefRejection = 'malformed' | 'unsupported' | 'frontend-placeholder' | 'too-large';

export type ParseResult<T> =
  | { readonly ok: true; readonly ref: T }
  | { readonly ok: false; readonly code: RefRejection; readonly reason: string };

export function rejectRef(code: RefRejection, reason: string): ParseResult<never> {
  return { ok: false, code, reason };
}

/** Short, printable excerpt of untrusted text for a reason string. */
export function quoteRef(text: string, max = 60): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut);
}
