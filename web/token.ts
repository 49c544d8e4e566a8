/** The operator's API token: kept in sessionStorage only (gone when the browser session ends). */
const KEY = 'polkamesh.apiToken';

export function readToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string | null): void {
  try {
    if (token === null || token.trim() === '') {
      sessionStorage.removeItem(KEY);
    } else {
      sessionStorage.setItem(KEY, token.trim());
    }
  } catch {
    // storage refused (private mode): the token lives for this page only
  }
}
