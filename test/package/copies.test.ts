/**
 * Two copies of the package in one process (*built*: runs `dist/`): the ESM
 * build beside the CommonJS build, as under Jest's native ESM mode, where the
 * setup entry is loaded through `require` and the tests through `import`.
 * Definitions, results, registries and errors made by one copy are accepted by
 * the other, both ways: the copies of one version share what they validated
 * (src/data/brand.ts). A copy of ANOTHER version (dist/ copied, its version
 * rewritten) is refused with a message that names both versions, never trusted.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Tier2 from 'tier2-harness';
import { thrown } from '../robustness/helpers.js';
import { ensureBuilt } from '../support/build.js';
import { root } from '../support/cli.js';

type Runtime = typeof Tier2;
type Matchers = Record<string, (this: unknown, received: unknown, ...args: unknown[]) => { pass: boolean; message: () => string }>;

const dist = join(root, 'dist');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const OTHER = '9.9.9-other';

/** A matcher's `this`, as a runner gives it. */
const context = {
  isNot: false,
  promise: '',
  utils: { matcherHint: (name: string) => name, printExpected: JSON.stringify, printReceived: JSON.stringify },
};

const suiteDefinition = { name: 'copies', scenarios: [{ name: 'a', missions: [{ mission: 'echo', params: { n: 1 } }, { mission: 'greet' }] }] };
const expectationList = [
  { id: 'echo-ok', scenario: 'a', mission: 'echo', path: 'success', op: 'eq' as const, expected: true },
  { id: 'greeted', scenario: 'a', mission: 'greet', path: ['executed_steps', 0, 'payload', 'operation'], op: 'eq' as const, expected: 'noop' },
];

/**
 * dist/ copied into test/.generated (so that its dependencies still resolve),
 * with the version its build wrote in replaced: a copy of another version.
 */
function otherVersionCopy(): string {
  const target = join(root, 'test', '.generated', 'other-version', 'dist');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(dist, target, { recursive: true });
  let replaced = 0;
  for (const file of readdirSync(target).filter((name) => /\.(c?js)$/.test(name))) {
    const text = readFileSync(join(target, file), 'utf8');
    const next = text.replaceAll(`VERSION = ${JSON.stringify(version)}`, `VERSION = ${JSON.stringify(OTHER)}`);
    if (next !== text) {
      replaced += text.split(`VERSION = ${JSON.stringify(version)}`).length - 1;
      writeFileSync(join(target, file), next);
    }
  }
  // Once in the ESM chunks and once in the CommonJS ones: otherwise this copy would not be of another version.
  expect(replaced).toBe(2);
  return target;
}

let esm: Runtime;
let cjs: Runtime;
let other: Runtime;
let esmMatchers: Matchers;
let cjsMatchers: Matchers;

beforeAll(async () => {
  ensureBuilt('dist/index.cjs');
  const require = createRequire(import.meta.url);
  esm = (await import(pathToFileURL(join(dist, 'index.js')).href)) as Runtime;
  cjs = require(join(dist, 'index.cjs')) as Runtime;
  esmMatchers = ((await import(pathToFileURL(join(dist, 'matchers.js')).href)) as { matchers: Matchers }).matchers;
  cjsMatchers = (require(join(dist, 'matchers.cjs')) as { matchers: Matchers }).matchers;
  other = (await import(pathToFileURL(join(otherVersionCopy(), 'index.js')).href)) as Runtime;
}, 300_000);

/** Everything a user makes with one copy. */
function made(by: Runtime) {
  const greet = by.defineMission({ name: 'greet', build: () => ({ id: 'wf-greet', steps: [{ id: 'hi', kind: 'runtime', payload: { operation: 'noop' } }] }) });
  const registry = by.createRegistry([greet]);
  const suite = by.defineSuite(suiteDefinition);
  const expectations = by.defineExpectations(expectationList);
  const workflow = by.defineWorkflow({ id: 'wf', steps: [{ id: 's', kind: 'runtime', payload: { operation: 'noop' } }] }, { operations: registry.operations });
  return { registry, suite, expectations, workflow, testRun: by.runTestRun(suite, expectations, { registry }) };
}

describe.each([
  ['ESM', 'CommonJS'],
  ['CommonJS', 'ESM'],
] as const)('made by the %s copy, used by the %s copy (same version)', (maker, _user) => {
  const copies = (): { by: Runtime; to: Runtime; matchers: Matchers } =>
    maker === 'ESM' ? { by: esm, to: cjs, matchers: cjsMatchers } : { by: cjs, to: esm, matchers: esmMatchers };

  it('the copies are two module instances', () => {
    const { by, to } = copies();
    expect(by.SuiteResult).not.toBe(to.SuiteResult);
  });

  it('validated definitions are accepted as they are (the expectations keep their parsed segments)', () => {
    const { by, to } = copies();
    const { registry, suite, expectations } = made(by);
    const run = to.runTestRun(suite, expectations, { registry });
    expect(run.passed).toBe(true);
    expect(to.evaluateExpectations(to.runSuite(suite, { registry }), expectations).passedCount).toBe(2);
    expect(to.defineExpectations(expectations as never)).toBe(expectations);
    expect(to.defineSuite(suite)).toBe(suite);
  });

  it('results pass the other copy’s guards and matchers', () => {
    const { by, to, matchers } = copies();
    const { testRun, expectations, registry } = made(by);
    expect(to.TestRunResult.isTestRunResult(testRun)).toBe(true);
    expect(to.SuiteResult.isSuiteResult(testRun.suiteResult)).toBe(true);
    expect(to.ExpectationsResult.isExpectationsResult(testRun.expectationsResult)).toBe(true);
    expect(matchers.toMeetExpectations?.call(context, testRun).pass).toBe(true);
    expect(matchers.toMeetExpectations?.call(context, testRun.suiteResult, expectations).pass).toBe(true);
    expect(matchers.toMeetExpectations?.call(context, suiteDefinition, expectations, { registry }).pass).toBe(true);
  });

  it('registries, their operation sets and validated workflows are accepted', () => {
    const { by, to } = copies();
    const { registry, workflow } = made(by);
    expect(to.MissionRegistry.isMissionRegistry(registry)).toBe(true);
    expect(to.runMission('greet', {}, {}, { registry }).success).toBe(true);
    expect(new to.Orchestrator({ operations: registry.operations }).runWorkflow(workflow).success).toBe(true);
    expect(to.defineWorkflow(workflow, { operations: registry.operations })).toBe(workflow);
  });

  it('errors answer the other copy’s guards', () => {
    const { by, to } = copies();
    const error = thrown(() => by.defineSuite({ name: 'bad' } as never));
    expect(to.DefinitionError.isDefinitionError(error)).toBe(true);
    expect(to.Tier2Error.isTier2Error(error)).toBe(true);
  });
});

describe('a copy of another version', () => {
  const refusal = (what: string): RegExp =>
    new RegExp(`${what} made by tier2-harness ${OTHER.replaceAll('.', '\\.')} \\(another copy of the package; this copy is ${version.replaceAll('.', '\\.')}`);

  it('is refused: its validated definitions, with both versions named', () => {
    const { suite, expectations } = made(other);
    expect(() => esm.runTestRun(suite, expectationList)).toThrow(refusal('cannot use a suite'));
    expect(() => cjs.runTestRun(suiteDefinition, expectations)).toThrow(refusal('cannot use expectations'));
    expect(() => esm.defineExpectations([...expectations.expectations] as never)).toThrow(refusal('cannot use an expectation'));
  });

  it('is refused: its results and registries fail the guards, and the messages say why', () => {
    const { registry, testRun } = made(other);
    expect(esm.TestRunResult.isTestRunResult(testRun)).toBe(false);
    expect(cjs.MissionRegistry.isMissionRegistry(registry)).toBe(false);
    expect(() => esm.runSuite(suiteDefinition, { registry })).toThrow(refusal('got a MissionRegistry'));
    expect(() => esmMatchers.toMeetExpectations?.call(context, testRun, expectationList)).toThrow(refusal('got a TestRunResult'));
    expect(() => new cjs.Orchestrator({ operations: registry.operations })).toThrow(refusal('got an OperationSet'));
    expect(() => cjs.evaluateExpectations(testRun.suiteResult, expectationList)).toThrow(refusal('got a SuiteResult'));
  });

  it('still raises errors the guards of every version recognise (they carry only data)', () => {
    expect(esm.DefinitionError.isDefinitionError(thrown(() => other.defineSuite({ name: 'bad' } as never)))).toBe(true);
  });

  it('has its own entry in the registry on globalThis, keyed by version', () => {
    const copies = (globalThis as Record<symbol, unknown>)[Symbol.for('tier2-harness/copies')] as Map<string, unknown>;
    expect([...copies.keys()]).toEqual(expect.arrayContaining([version, OTHER]));
  });
});
