/** One page of a newest-first listing; pass `nextCursor` back to get the next (older) page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}
