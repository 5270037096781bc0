// The matchers under Jest: the project's Jest config (ts-jest, the source
// mappings, setupFilesAfterEnv: tier2-harness/jest) pointed at this folder.
const base = require('./jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/matchers/jest'],
  testMatch: ['<rootDir>/test/matchers/jest/**/*.jest.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
