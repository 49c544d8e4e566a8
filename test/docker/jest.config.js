/** @type {import('jest').Config} */
// The Docker tier (test/docker/*.docker-spec.ts): run by scripts/docker/test-tier.sh, which builds
// the image first (`npm run test:docker`); the root jest.config.js never picks these files up.
module.exports = {
  rootDir: '../..',
  testMatch: ['<rootDir>/test/docker/**/*.docker-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'], '/node_modules/@noble/.+\\.js$': ['@swc/jest'] },
  transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 10 * 60_000,
};
