/**
 * An RPC URL as it may be shown (API, metrics labels): scheme and host only. Paths, queries and
 * user info often carry API keys, so they are replaced by `/…`.
 */
export function redactEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    const hasMore = (parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search !== '';
    return `${parsed.protocol}//${parsed.host}${hasMore ? '/…' : ''}`;
  } catch {
    return '(invalid url)';
  }
}
