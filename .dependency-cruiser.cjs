// Import rules of the house (docs/architecture.md, ADR 0016), checked by `npm run lint`:
// no import cycles (files), modules imported only through their index.ts, and each module
// importing only the modules below it (MODULES). Tests, benches and scripts may import anything.

/** Sub-folders that are modules of their own (with an index.ts), not part of their parent. */
const SUBMODULES = { chain: ['follower', 'tx'], jobs: ['engine', 'references'] };

/**
 * Every module under src/ with the modules it may import, bottom (shared) to top (composition
 * root). A module may always import its own files. Keep docs/architecture.md in step.
 */
const DOMAIN = [
  'shared',
  'contracts',
  'confidential',
  'content-store',
  'attestation',
  'leadership',
  'logging',
  'config',
  'references',
  'chain',
  'chain/follower',
  'chain/tx',
  'executors',
  'projections',
  'jobs/references',
  'jobs/engine',
  'mev',
  'providers',
  'settlement',
];
const MODULES = {
  shared: [],
  contracts: [],
  confidential: ['shared'],
  'content-store': ['shared'],
  attestation: ['shared'],
  leadership: ['shared'],
  logging: ['shared'],
  config: ['shared', 'contracts'],
  references: ['shared', 'content-store'],
  chain: ['shared', 'contracts'],
  'chain/follower': ['shared', 'contracts', 'chain'],
  'chain/tx': ['shared', 'contracts', 'chain'],
  executors: ['shared', 'content-store', 'references'],
  projections: ['shared', 'contracts', 'chain', 'chain/follower'],
  'jobs/references': ['shared', 'contracts', 'content-store', 'references', 'projections'],
  'jobs/engine': [
    'shared',
    'contracts',
    'confidential',
    'content-store',
    'attestation',
    'references',
    'chain',
    'chain/follower',
    'chain/tx',
    'executors',
    'projections',
    'jobs/references',
  ],
  mev: [
    'shared',
    'contracts',
    'confidential',
    'chain',
    'chain/follower',
    'chain/tx',
    'projections',
  ],
  providers: ['shared', 'contracts', 'chain', 'chain/follower', 'chain/tx', 'projections'],
  demo: ['shared', 'contracts'],
  // The user-signed escrow settlement: what a depositor must sign, prepared as call data.
  settlement: ['shared', 'contracts', 'chain', 'chain/tx', 'projections', 'jobs/engine'],
  observability: [
    'shared',
    'contracts',
    'chain',
    'chain/follower',
    'chain/tx',
    'projections',
    'jobs/engine',
  ],
  // The adapters of every port above; only the composition root (src/runtime, cli/) imports it.
  storage: [...DOMAIN.filter((m) => m !== 'storage'), 'observability'],
  api: [...DOMAIN, 'observability'],
  // Composition root (with cli/, which may import every module): builds and runs the service.
  runtime: [...DOMAIN, 'demo', 'observability', 'storage', 'api'],
};

const TEST_CODE = '\\.(spec|int-spec|e2e-spec)\\.ts$|/testing/';

/** Adapter folders inside modules: Polkadot.js (`polkadot/`) and the rest (`adapters/`). */
const ADAPTER_FILES = '^src/.+/(polkadot|adapters)/';

/** The files of module `name`: its folder, less the folders of its sub-modules. */
function filesOf(name) {
  const subs = SUBMODULES[name];
  return subs ? `^src/${name}/(?!(${subs.join('|')})/)` : `^src/${name}/`;
}

const viaIndex = Object.keys(MODULES).map((name) => ({
  name: 'module-via-index',
  comment: `Import src/${name} through its index.ts, not its files.`,
  severity: 'error',
  from: { path: '^(src|cli|devnet)/', pathNot: [filesOf(name), TEST_CODE] },
  to: { path: filesOf(name), pathNot: `^src/${name}/index\\.ts$` },
}));

const layers = Object.entries(MODULES).map(([name, allowed]) => ({
  name: 'module-layer',
  comment: `src/${name} may import only: ${allowed.join(', ') || 'nothing of src/'}.`,
  severity: 'error',
  from: { path: filesOf(name), pathNot: TEST_CODE },
  to: { path: '^src/', pathNot: [filesOf(name), ...allowed.map(filesOf), '^src/types/'] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, between modules or between files.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...viaIndex,
    ...layers,
    {
      name: 'adapters-via-index',
      comment:
        'Adapter folders (polkadot/, adapters/) implement ports; domain files never import them, only their module index (for the composition root), the composition root itself and other adapters.',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: ['/index\\.ts$', ADAPTER_FILES, filesOf('runtime'), TEST_CODE],
      },
      to: { path: ADAPTER_FILES },
    },
    {
      name: 'storage-from-composition-root',
      comment:
        'Only the composition root (src/runtime, cli/) and tests import src/storage; ports live with their owners.',
      severity: 'error',
      from: { path: '^src/', pathNot: [filesOf('storage'), filesOf('runtime'), TEST_CODE] },
      to: { path: filesOf('storage') },
    },
    {
      name: 'src-outside-modules',
      comment: 'Every file of src/ lives in a module folder (see MODULES in this file).',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: {},
    },
    {
      name: 'devnet-only-contracts',
      comment:
        'ARCHITECTURE §5: the devnet shares the contracts/ codecs with the service but nothing else.',
      severity: 'error',
      from: { path: '^devnet/', pathNot: TEST_CODE },
      to: { path: '^(src|cli)/', pathNot: '^src/contracts/index\\.ts$' },
    },
    {
      name: 'devnet-entry',
      comment: 'The service never imports the devnet; the CLI starts it through devnet/devnet.ts.',
      severity: 'error',
      from: { path: '^(src|cli)/', pathNot: TEST_CODE },
      to: { path: '^devnet/', pathNot: '^devnet/devnet\\.ts$' },
    },
    {
      name: 'devnet-not-from-src',
      comment: 'The service talks to a chain over JSON-RPC, never to devnet code.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_CODE },
      to: { path: '^devnet/' },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Fakes, fixtures and specs are for tests only.',
      severity: 'error',
      from: { path: '^(src|cli|devnet)/', pathNot: TEST_CODE },
      to: { path: `${TEST_CODE}|^test/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a circle of types is still a circle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
