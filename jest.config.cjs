// The example suites (`examples/**`) under Jest: ts-jest compiles them to
// CommonJS without type-checking (tsc checks them in `npm test`), and
// `tier2-harness` with its subpaths maps to the sources, as tsconfig.json's
// `paths` do. A user's config needs only
// `setupFilesAfterEnv: ['tier2-harness/jest']`; Jest resolves that option as a
// path or an installed package, not through moduleNameMapper, so here it is
// the source file.
//
// `TIER2_EXAMPLES=failing` runs the suites that fail on purpose instead
// (`npm run examples:failing`).
const failing = process.env.TIER2_EXAMPLES === 'failing';

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/examples'],
  testMatch: failing ? ['<rootDir>/examples/failing/**/*.test.ts'] : ['<rootDir>/examples/**/*.test.ts'],
  testPathIgnorePatterns: failing ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/examples/failing/'],
  moduleFileExtensions: ['ts', 'js', 'cjs', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleNameMapper: {
    '^tier2-harness$': '<rootDir>/src/index.ts',
    '^tier2-harness/matchers$': '<rootDir>/matchers/index.ts',
    '^tier2-harness/vitest$': '<rootDir>/matchers/vitest.ts',
    '^tier2-harness/jest$': '<rootDir>/matchers/jest.ts',
    '^tier2-harness/fast-check$': '<rootDir>/src/fast-check/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  setupFilesAfterEnv: ['<rootDir>/matchers/jest.ts'],
};
