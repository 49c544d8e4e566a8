/** @type {import('jest').Config} */
// @noble/* v2 ship ESM only; Node 20.19+ loads them with require(), Jest needs them transformed.
const transform = { '^.+\\.ts$': ['@swc/jest'], '/node_modules/@noble/.+\\.js$': ['@swc/jest'] };
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  testTimeout: 60000,
  // the longest files first, also on a fresh clone (no Jest cache): see the file
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{src,devnet,cli,web}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      // beside their code (model, sandbox, crypto and socket specs) or in test/integration
      testMatch: [
        '<rootDir>/test/integration/**/*.int-spec.ts',
        '<rootDir>/{src,devnet,cli,web}/**/*.int-spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-devnet-disconnects.ts'],
    },
  ],
};
