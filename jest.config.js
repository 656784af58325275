// Unit tests sit beside the code (src/**/*.spec.ts); integration and e2e tests live in test/.
// NestJS 12 ships as ES modules, which Jest on Node 20 cannot require; those packages are compiled to
// CommonJS by ts-jest like our own code (transformIgnorePatterns below lets them through).
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', 'peek-readable', 'uint8array-extras', '@tokenizer', 'load-esm'];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec|int-spec)\\.ts$',
  transform: { '^.+\\.(ts|js|mjs)$': ['<rootDir>/test/support/esm-transformer.js', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
