// ESLint flat config (STYLE.md §12): typescript-eslint type-checked presets plus the §1 boundaries.
// Run as `eslint --max-warnings 0 .` (npm run lint). Import cycles, layers and index-only imports
// between modules are dependency-cruiser's (.dependency-cruiser.cjs, `npm run lint:imports`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Infrastructure that domain code must not see (STYLE §2, ARCHITECTURE §5). */
const INFRASTRUCTURE_IMPORTS = [
  {
    group: ['@nestjs/*'],
    message: 'Domain code is plain TypeScript: NestJS belongs in *.module.ts, api/ and adapters.',
  },
  {
    group: ['kysely', 'kysely/*', 'pg', 'pg/*', 'better-sqlite3', 'better-sqlite3/*'],
    message: 'SQL belongs in src/storage (repositories behind ports), not in domain code.',
  },
  {
    group: ['fastify', 'fastify/*', '@fastify/*'],
    message: 'HTTP belongs in src/api, not in domain code.',
  },
];

// Polkadot.js network clients stay in the polkadot/ adapter folders (ARCHITECTURE §5).
const CHAIN_CLIENT_IMPORTS = {
  group: ['@polkadot/api', '@polkadot/api/*', '@polkadot/rpc-provider', '@polkadot/rpc-provider/*'],
  message:
    'Chain access goes through the ChainClient port; Polkadot.js clients live in */polkadot/* adapters.',
};

// Network clients of node (name resolution, HTTP) stay in adapters/ folders (docs/architecture.md).
const NODE_NETWORK_IMPORTS = {
  group: ['node:http', 'node:https', 'node:dns', 'node:dns/*', 'http', 'https', 'dns', 'dns/*'],
  message: 'Network access goes through a port; its node adapter lives in an adapters/ folder.',
};

/** `devnet/devnet` (startDevnet) is the devnet's public entry; everything else is internal. */
const NO_DEVNET_INTERNALS = {
  regex: '(^|/)devnet/(?!devnet$)',
  message: 'Use startDevnet from devnet/devnet and talk JSON-RPC; never import devnet internals.',
};

const DOMAIN_FOLDERS = [
  'src/jobs/**/*.ts',
  'src/attestation/**/*.ts',
  'src/mev/**/*.ts',
  'src/confidential/**/*.ts',
  'src/settlement/**/*.ts',
  'src/references/**/*.ts',
  'src/leadership/**/*.ts',
];
const ADAPTERS = ['src/**/polkadot/**', 'src/**/*.module.ts'];

/** Unsafe-* rules relaxed for tests, benches and scripts, which poke at library objects freely. */
const RELAXED_FOR_TESTS = {
  '@typescript-eslint/no-explicit-any': 'off',
  '@typescript-eslint/no-unsafe-argument': 'off',
  '@typescript-eslint/no-unsafe-assignment': 'off',
  '@typescript-eslint/no-unsafe-call': 'off',
  '@typescript-eslint/no-unsafe-member-access': 'off',
  '@typescript-eslint/no-unsafe-return': 'off',
  '@typescript-eslint/no-non-null-assertion': 'off',
  '@typescript-eslint/unbound-method': 'off',
};

export default tseslint.config(
  {
    // The flat-config equivalent of .eslintignore.
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'coverage/**',
      'data/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // The type-aware variant replaces the core rule (it understands async generators and thenables).
      'require-await': 'off',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      curly: ['error', 'all'],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true } }],
    },
  },
  {
    // The service never reaches into devnet internals; clients talk to the devnet over JSON-RPC.
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_DEVNET_INTERNALS] }] },
  },
  {
    // Domain folders: no NestJS, SQL or HTTP. Adapters (*/polkadot/*) and glue (*.module.ts) are
    // exempt; src/storage and src/api are adapters by definition and are not listed.
    files: ['src/contracts/**/*.ts', 'src/shared/**/*.ts'],
    ignores: ADAPTERS,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...INFRASTRUCTURE_IMPORTS, NO_DEVNET_INTERNALS] },
      ],
    },
  },
  {
    files: DOMAIN_FOLDERS,
    ignores: ADAPTERS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...INFRASTRUCTURE_IMPORTS,
            CHAIN_CLIENT_IMPORTS,
            NODE_NETWORK_IMPORTS,
            NO_DEVNET_INTERNALS,
          ],
        },
      ],
    },
  },
  {
    // adapters/ folders of domain modules (node:https, node:dns, the executor sandbox) may use the
    // network; they still get no NestJS, SQL or Polkadot.js client.
    files: ['src/**/adapters/**/*.ts'],
    ignores: ADAPTERS,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...INFRASTRUCTURE_IMPORTS, CHAIN_CLIENT_IMPORTS, NO_DEVNET_INTERNALS] },
      ],
    },
  },
  {
    // The dashboard runs in the browser (web/tsconfig.json has the DOM types, the server's does
    // not): no Node built-ins and no server-side libraries; esbuild's browser build enforces it too.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'child_process', 'stream'],
              message: 'The dashboard is browser code: no Node built-ins.',
            },
            ...INFRASTRUCTURE_IMPORTS,
            CHAIN_CLIENT_IMPORTS,
          ],
        },
      ],
    },
  },
  {
    // ARCHITECTURE §5: the devnet shares the contracts/ codecs with the service but nothing else.
    files: ['devnet/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...INFRASTRUCTURE_IMPORTS,
            {
              regex: '(^|/)src/(?!contracts(/|$))',
              message: 'The devnet may import only src/contracts from the service.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/testing/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.ts',
    ],
    rules: RELAXED_FOR_TESTS,
  },
);
