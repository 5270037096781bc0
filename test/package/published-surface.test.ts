/**
 * What the built package publishes (*built*: runs `dist/`):
 * - the declarations carry no `@internal` member (tsconfig `stripInternal`),
 *   while the constructors users must not call keep their parameters;
 * - `OperationSet`, which public signatures name, is exported as a type;
 * - results are recognised by their brand, not `instanceof`: a result made
 *   by the CommonJS build passes the matchers of the ESM build, and a
 *   look-alike plain object without the brand is refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, type OperationSet } from 'tier2-harness';
import type * as Tier2 from 'tier2-harness';
import { ensureBuilt } from '../support/build.js';
import { root } from '../support/cli.js';

const dist = join(root, 'dist');
const declarations = ['index.d.ts', 'index.d.cts', 'matchers.d.ts', 'fast-check.d.ts', 'vitest.d.ts', 'jest.d.ts', 'reporter.d.ts'];

beforeAll(() => {
  ensureBuilt('dist/index.cjs');
}, 300_000);

describe('published declarations', () => {
  it('no declaration file (entries and the chunks they share) has an @internal member', () => {
    const files = readdirSync(dist).filter((file) => /\.d\.c?ts$/.test(file));
    for (const entry of declarations) expect(files).toContain(entry);
    for (const file of files) {
      const text = readFileSync(join(dist, file), 'utf8');
      expect(text, file).not.toContain('@internal');
      for (const member of ['writeCanonicalText', 'writeCanonicalScenarioText', 'takeCanonicalResultChunks', 'fromDict', 'textSource', 'dictField'])
        expect(text, file).not.toMatch(new RegExp(`\\b${member}\\(`));
    }
  });

  it('keeps the result constructors with their parameters (a missing one would accept `new SuiteResult()`)', () => {
    // The class is declared once, in the declaration chunk that every entry shares.
    const text = readdirSync(dist)
      .filter((file) => file.endsWith('.d.ts'))
      .map((file) => readFileSync(join(dist, file), 'utf8'))
      .find((declarations) => declarations.includes('declare class SuiteResult {'));
    expect(text).toBeDefined();
    const suiteResult = (text ?? '').slice((text ?? '').indexOf('declare class SuiteResult {'), (text ?? '').indexOf('toDict(): SuiteResultDict;'));
    expect(suiteResult).toContain('constructor(name: string, results: readonly ScenarioResult[]);');
  });

  it('exports OperationSet, which public signatures name, as a type and as the class the declarations say it is', async () => {
    for (const file of ['index.d.ts', 'index.d.cts']) expect(readFileSync(join(dist, file), 'utf8')).toMatch(/^export \{[^}]*[{ ]OperationSet,/m);
    const esm = (await import(pathToFileURL(join(dist, 'index.js')).href)) as { OperationSet?: unknown };
    const cjs = createRequire(import.meta.url)(join(dist, 'index.cjs')) as { OperationSet?: unknown };
    expect(typeof esm.OperationSet).toBe('function');
    expect(typeof cjs.OperationSet).toBe('function');
    // Type-checked by `npm test`: the registry's operations have a type users can name.
    const operations: OperationSet = createRegistry([]).operations;
    expect(operations.has('noop')).toBe(true);
  });
});

describe('results from another copy of the package', () => {
  interface Matchers {
    toMeetExpectations: (this: unknown, received: unknown, expectations?: unknown) => { pass: boolean; message: () => string };
  }
  type Runtime = typeof Tier2;
  let cjs: Runtime;
  let esmMatchers: Matchers;
  const context = {
    isNot: false,
    promise: '',
    utils: {
      matcherHint: (name: string) => name,
      printExpected: (value: unknown) => JSON.stringify(value),
      printReceived: (value: unknown) => JSON.stringify(value),
    },
  };
  const suite = { name: 'copies', scenarios: [{ name: 'a', missions: [{ mission: 'echo' }] }] };
  const expectations = { expectations: [{ id: 'ok', scenario: 'a', mission: 'echo', path: 'success', op: 'eq' as const, expected: true }] };

  beforeAll(async () => {
    cjs = createRequire(import.meta.url)(join(dist, 'index.cjs')) as Runtime;
    esmMatchers = (await import(pathToFileURL(join(dist, 'matchers.js')).href)) as Matchers;
  });

  it('a TestRunResult made by the CommonJS build meets its expectations under the ESM matchers', () => {
    const testRun = cjs.runTestRun(suite, expectations);
    const result = esmMatchers.toMeetExpectations.call(context, testRun);
    expect(result.message()).toContain('all of them held');
    expect(result.pass).toBe(true);
  });

  it('a SuiteResult made by the CommonJS build is judged by the ESM matchers', () => {
    const result = esmMatchers.toMeetExpectations.call(context, cjs.runSuite(suite), expectations);
    expect(result.pass).toBe(true);
  });

  it('a look-alike without the brand is refused', () => {
    const testRun = cjs.runTestRun(suite, expectations);
    const lookAlike = { suiteResult: testRun.suiteResult, expectationsResult: testRun.expectationsResult, passed: true, metadata: testRun.metadata };
    expect(() => esmMatchers.toMeetExpectations.call(context, lookAlike)).toThrow(/expected expectations as the argument/);
    expect(() => esmMatchers.toMeetExpectations.call(context, { ...cjs.runSuite(suite) }, expectations)).toThrow(
      /expected a suite definition \(\{ name, scenarios \}\), a SuiteResult or a TestRunResult, got an object with keys/,
    );
  });
});
