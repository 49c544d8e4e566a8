import type { ComponentChildren } from 'preact';

/** A titled part of a page. */
export function Section(props: { title: string; id?: string; children: ComponentChildren }) {
  const headingId = `${props.id ?? props.title.toLowerCase().replace(/\W+/g, '-')}-heading`;
  return (
    <section class="panel" id={props.id} aria-labelledby={headingId}>
      <h2 id={headingId}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** A label and a big figure. */
export function Stat(props: {
  label: string;
  value: ComponentChildren;
  hint?: string;
  testId?: string;
}) {
  return (
    <div class="stat" data-testid={props.testId}>
      <div class="stat-label">{props.label}</div>
      <div class="stat-value">{props.value}</div>
      {props.hint === undefined ? null : <div class="stat-hint">{props.hint}</div>}
    </div>
  );
}

export function Stats(props: { children: ComponentChildren }) {
  return <div class="stats">{props.children}</div>;
}

/** Terms and their values. */
export function Facts(props: { items: readonly [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {props.items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A table with a caption and column headers; rows are arrays of cells. */
export function Table(props: {
  caption: string;
  head: readonly string[];
  rows: readonly {
    key: string;
    cells: readonly ComponentChildren[];
    attrs?: Record<string, string>;
  }[];
  empty?: string;
}) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={props.head.length} class="muted">
                {props.empty ?? 'nothing yet'}
              </td>
            </tr>
          ) : (
            props.rows.map((row) => (
              <tr key={row.key} {...row.attrs}>
                {row.cells.map((cell, i) =>
                  i === 0 ? (
                    <th scope="row" key={i}>
                      {cell}
                    </th>
                  ) : (
                    <td key={i}>{cell}</td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

const TONES: Readonly<Record<string, string>> = {
  Completed: 'good',
  succeeded: 'good',
  released: 'good',
  finalized: 'good',
  connected: 'good',
  'in-sync': 'good',
  Cancelled: 'bad',
  failed: 'bad',
  rejected: 'bad',
  expired: 'bad',
  flagged: 'bad',
  blocked: 'bad',
  stopped: 'bad',
  refunded: 'warn',
  reconnecting: 'warn',
  InProgress: 'busy',
  running: 'busy',
};

/** A state word in a coloured pill (the word itself carries the meaning, not the colour). */
export function Badge(props: { value: string; testId?: string }) {
  return (
    <span class={`badge ${TONES[props.value] ?? 'plain'}`} data-testid={props.testId}>
      {props.value}
    </span>
  );
}

/** Loading, or the error of the last read. */
export function LoadState(props: { error: string | null; isLoading: boolean }) {
  if (props.error !== null) {
    return (
      <p class="error" role="alert">
        Could not read: {props.error}
      </p>
    );
  }
  return props.isLoading ? <p class="muted">Loading…</p> : null;
}

/** Monospace text, shortened, with the full value in the title. */
export function Mono(props: { value: string | null | undefined; short?: string }) {
  if (props.value === null || props.value === undefined) {
    return <span class="muted">–</span>;
  }
  return (
    <code title={props.value} class="mono">
      {props.short ?? props.value}
    </code>
  );
}
