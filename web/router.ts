/** The dashboard's pages, addressed by the URL fragment so that the API keeps every path. */
export type Route =
  | { readonly page: 'chain' }
  | { readonly page: 'pipeline' }
  | { readonly page: 'jobs'; readonly filters: Readonly<Record<string, string>> }
  | { readonly page: 'job'; readonly id: string }
  | { readonly page: 'money' }
  | { readonly page: 'mev' }
  | { readonly page: 'provider' };

export const PAGES = ['chain', 'pipeline', 'jobs', 'money', 'mev', 'provider'] as const;

/** `#/jobs/7` → the job page; `#/jobs?status=Completed` → the list with that filter; else a page. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const parts = path.split('/').filter((p) => p !== '');
  const [first, second] = parts;
  if (first === 'jobs' && second !== undefined && /^\d{1,39}$/.test(second)) {
    return { page: 'job', id: second };
  }
  if (first === 'jobs') {
    return { page: 'jobs', filters: Object.fromEntries(new URLSearchParams(query)) };
  }
  switch (first) {
    case 'pipeline':
    case 'money':
    case 'mev':
    case 'provider':
      return { page: first };
    default:
      return { page: 'chain' };
  }
}
