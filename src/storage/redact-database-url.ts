const REDACTED = '***';

/** Query parameters whose values are, or lead to, credentials (libpq: password, sslpassword, sslkey…). */
const SECRET_PARAMETER = /pass|pwd|secret|token|key|auth|cred/i;

/** Where a `key=value` parameter may start (libpq reads `?` and `&`; the rest, to be safe). */
const PARAMETER_STARTS = new Set(['?', '&', '#', ';']);
/**
 * `key=value` after a parameter start. The value runs to the next `&key=` or `#`, so a secret
 * holding an unencoded `&` is hidden whole.
 */
const PARAMETER = /^([^=&#;?]*)=((?:[^&#]|&(?![^&#=]*=))*)/;

/**
 * The URL with every credential replaced by `***`, safe for logs and error details: the password
 * of the userinfo (up to the last `@`, so an unencoded `@`, `/`, `?` or `:` in it is hidden too)
 * and the value of every query parameter named like a secret, its name percent-decoded. Both are
 * found in the original text and every character either covers is hidden, so neither can reveal
 * part of the other. Errs on the side of hiding: what it cannot read as a URL is hidden whole
 * (`sqlite:` paths are kept).
 */
export function redactDatabaseUrl(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (scheme === null) {
    return REDACTED;
  }
  const rest = url.slice(scheme[0].length);
  if (!rest.startsWith('//')) {
    return scheme[1]!.toLowerCase() === 'sqlite' ? url : `${scheme[0]}${REDACTED}`;
  }
  const text = rest.slice(2);
  const hidden = new Array<boolean>(text.length).fill(false);
  const hide = (from: number, to: number) => hidden.fill(true, from, to);
  const at = text.lastIndexOf('@');
  const colon = text.indexOf(':');
  if (at !== -1 && colon !== -1 && colon < at) {
    hide(colon + 1, at);
  }
  for (let i = 0; i < text.length; i++) {
    const match = PARAMETER_STARTS.has(text[i]!) ? PARAMETER.exec(text.slice(i + 1)) : null;
    if (match !== null && isSecretName(match[1]!)) {
      const valueStart = i + 1 + match[0].length - match[2]!.length;
      hide(valueStart, valueStart + match[2]!.length);
    }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!hidden[i]) {
      out += text[i];
    } else if (i === 0 || !hidden[i - 1]) {
      out += REDACTED;
    }
  }
  return `${scheme[0]}//${out}`;
}

function isSecretName(name: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return true;
  }
  return SECRET_PARAMETER.test(decoded) || SECRET_PARAMETER.test(name);
}
