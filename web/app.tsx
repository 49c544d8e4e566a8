import { useState } from 'preact/hooks';
import { useLiveState, useRoute } from './hooks';
import { ChainPage } from './pages/chain-page';
import { JobPage } from './pages/job-page';
import { JobsPage } from './pages/jobs-page';
import { MevPage } from './pages/mev-page';
import { MoneyPage } from './pages/money-page';
import { PipelinePage } from './pages/pipeline-page';
import { ProviderPage } from './pages/provider-page';
import { PAGES, type Route } from './router';
import { readToken, saveToken } from './token';

const TITLES: Readonly<Record<(typeof PAGES)[number], string>> = {
  chain: 'Chain',
  pipeline: 'Pipeline',
  jobs: 'Jobs',
  money: 'Money',
  mev: 'MEV',
  provider: 'Provider',
};

export function App() {
  const route = useRoute();
  const live = useLiveState();
  const current = route.page === 'job' ? 'jobs' : route.page;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="brand">PolkaMesh</div>
        <nav aria-label="Dashboard pages">
          <ul>
            {PAGES.map((page) => (
              <li key={page}>
                <a href={`#/${page}`} aria-current={page === current ? 'page' : undefined}>
                  {TITLES[page]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class={`live ${live}`} role="status" data-testid="live-state">
          {live === 'live' ? 'live' : live === 'connecting' ? 'connecting…' : 'reconnecting…'}
        </span>
        <TokenControl />
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function Page(props: { route: Route }) {
  const { route } = props;
  switch (route.page) {
    case 'chain':
      return <ChainPage />;
    case 'pipeline':
      return <PipelinePage />;
    case 'jobs':
      return <JobsPage filters={route.filters} />;
    case 'job':
      return <JobPage id={route.id} key={route.id} />;
    case 'money':
      return <MoneyPage />;
    case 'mev':
      return <MevPage />;
    case 'provider':
      return <ProviderPage />;
  }
}

/** Asks for the operator's API token (a JWT); kept in sessionStorage for this browser session. */
function TokenControl() {
  const [isOpen, setOpen] = useState(false);
  const [hasToken, setHasToken] = useState(readToken() !== null);
  const [draft, setDraft] = useState('');
  return (
    <div class="token">
      <button
        type="button"
        aria-expanded={isOpen}
        aria-controls="token-form"
        onClick={() => setOpen(!isOpen)}
      >
        Operator token{hasToken ? ' ✓' : ''}
      </button>
      {isOpen ? (
        <form
          id="token-form"
          class="token-form"
          onSubmit={(e) => {
            e.preventDefault();
            saveToken(draft);
            setHasToken(readToken() !== null);
            setDraft('');
            setOpen(false);
          }}
        >
          <label>
            API token (JWT from <code>polkamesh token</code>), kept for this browser session only
            <input
              type="password"
              autoComplete="off"
              value={draft}
              onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            />
          </label>
          <div class="actions">
            <button type="submit">Keep</button>
            <button
              type="button"
              onClick={() => {
                saveToken(null);
                setHasToken(false);
                setOpen(false);
              }}
            >
              Forget
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
