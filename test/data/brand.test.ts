/**
 * src/data/brand.ts: the one way a copy of the package recognises the objects
 * of its public classes. Every public class has a static `isX()` that reads the
 * brand on its prototype (never a getter, never a Proxy trap); objects of a
 * copy of ANOTHER version fail the guards of results and registries (errors
 * are recognised across versions) and are described with both versions; and
 * no source file checks a public type with `instanceof`, which answers false
 * for another copy's objects. The copies themselves (dist/index.js beside
 * dist/index.cjs) are tested in test/package/copies.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as fastCheckEntry from '../../src/fast-check/index.js';
import * as rootEntry from '../../src/index.js';
import { describeValue } from '../../src/data/common.js';
import { SOURCE_VERSION, VERSION } from '../../src/data/version.js';
import { root } from '../support/cli.js';

const { MissionRegistry, OperationSet, Orchestrator, OrchestrationResult, ScenarioResult, SuiteResult, ExpectationsResult, TestRunResult } = rootEntry;

/** The classes the package's entries export, by name. */
function publicClasses(): Map<string, abstract new (...args: never[]) => unknown> {
  const classes = new Map<string, abstract new (...args: never[]) => unknown>();
  for (const entry of [rootEntry, fastCheckEntry] as Record<string, unknown>[]) {
    for (const [name, value] of Object.entries(entry)) {
      if (typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value))) {
        classes.set(name, value as abstract new (...args: never[]) => unknown);
      }
    }
  }
  return classes;
}

/** A Proxy whose every trap fails the test: a guard must run none. */
const trapped = (): object =>
  new Proxy(
    {},
    {
      get: () => expect.fail('a guard ran the get trap'),
      getPrototypeOf: () => expect.fail('a guard ran the getPrototypeOf trap'),
      getOwnPropertyDescriptor: () => expect.fail('a guard ran the getOwnPropertyDescriptor trap'),
    },
  );

/** An object whose class a copy of another version of the package defined, branded as `names` (its class first). */
function fromOtherVersion(names: readonly string[], version = '9.9.9-other'): object {
  class Foreign {}
  Object.defineProperty(Foreign.prototype, Symbol.for('tier2-harness/brand'), { value: Object.freeze({ names: Object.freeze([...names]), version }) });
  return new Foreign();
}

describe('every public class has a static isX()', () => {
  const classes = publicClasses();

  it('the entries export the classes this test knows (a new one is covered without editing it)', () => {
    for (const name of ['MissionRegistry', 'OperationSet', 'Orchestrator', 'OrchestrationResult', 'TestRunResult', 'DefinitionError', 'MissionFuzzError']) {
      expect([...classes.keys()]).toContain(name);
    }
  });

  it.each([...publicClasses().keys()])('%s.is%s() exists and refuses look-alikes without running a trap', (name) => {
    const guard = (classes.get(name) as unknown as Record<string, unknown>)[`is${name}`];
    expect(typeof guard, `${name}.is${name}`).toBe('function');
    const isX = guard as (value: unknown) => boolean;
    for (const value of [null, undefined, 42, 'text', {}, { name }, [], trapped(), Object.create(null) as object]) expect(isX(value)).toBe(false);
  });

  it('recognises instances of this copy, from the prototype (no own property per instance)', () => {
    const testRun = rootEntry.runTestRun({ name: 's', scenarios: [{ name: 'a', missions: [{ mission: 'echo' }] }] }, [
      { id: 'e', scenario: 'a', mission: 'echo', path: 'success', op: 'eq', expected: true },
    ]);
    const scenario = testRun.suiteResult.scenarioResults.get('a');
    const registry = rootEntry.createRegistry([]);
    const cases: [boolean, boolean][] = [
      [TestRunResult.isTestRunResult(testRun), true],
      [SuiteResult.isSuiteResult(testRun.suiteResult), true],
      [ScenarioResult.isScenarioResult(scenario), true],
      [OrchestrationResult.isOrchestrationResult(scenario?.missionResults.get('echo')), true],
      [ExpectationsResult.isExpectationsResult(testRun.expectationsResult), true],
      [MissionRegistry.isMissionRegistry(registry), true],
      [OperationSet.isOperationSet(registry.operations), true],
      [Orchestrator.isOrchestrator(registry.orchestrator), true],
      [SuiteResult.isSuiteResult(testRun), false],
      [TestRunResult.isTestRunResult(testRun.suiteResult), false],
    ];
    expect(cases.map(([answer]) => answer)).toEqual(cases.map(([, expected]) => expected));
    expect(Reflect.ownKeys(testRun).filter((key) => typeof key === 'symbol')).toEqual([]);
  });

  it('an error class recognises its subclasses, and only them', () => {
    const error = new rootEntry.UnknownOperationError('unknown', 'x', ['noop']);
    expect(rootEntry.EnvelopeViolation.isEnvelopeViolation(error)).toBe(true);
    expect(rootEntry.Tier2Error.isTier2Error(error)).toBe(true);
    expect(rootEntry.DefinitionError.isDefinitionError(error)).toBe(false);
    class UserError extends rootEntry.DefinitionError {}
    expect(rootEntry.DefinitionError.isDefinitionError(new UserError('mine'))).toBe(true);
  });
});

describe('the version of a copy', () => {
  it('is package.json’s, also when the sources run unbuilt (the build writes it in; the sources keep a copy of it)', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(SOURCE_VERSION).toBe(version);
    expect(VERSION).toBe(version);
  });
});

describe('objects of a copy of another version', () => {
  it('fail the guards of results, registries and operation sets, and are described with both versions', () => {
    const result = fromOtherVersion(['SuiteResult']);
    const registry = fromOtherVersion(['MissionRegistry']);
    expect(SuiteResult.isSuiteResult(result)).toBe(false);
    expect(MissionRegistry.isMissionRegistry(registry)).toBe(false);
    expect(OperationSet.isOperationSet(fromOtherVersion(['OperationSet']))).toBe(false);
    expect(describeValue(result)).toBe(
      `a SuiteResult made by tier2-harness 9.9.9-other (another copy of the package; this copy is ${VERSION}, and only copies of one version share definitions, results and registries)`,
    );
    expect(() => rootEntry.runSuite({ name: 's', scenarios: [] }, { registry: registry as never })).toThrow(
      /options\.registry must be a registry made by createRegistry, got a MissionRegistry made by tier2-harness 9\.9\.9-other \(another copy of the package; this copy is /,
    );
  });

  it('of this version, pass the guards (a copy of the same version is trusted)', () => {
    expect(SuiteResult.isSuiteResult(fromOtherVersion(['SuiteResult'], VERSION))).toBe(true);
  });

  it('errors are recognised whatever their version: a guard only lets you read their documented fields', () => {
    const foreign = fromOtherVersion(['ConfigError', 'Tier2Error']);
    expect(rootEntry.ConfigError.isConfigError(foreign)).toBe(true);
    expect(rootEntry.Tier2Error.isTier2Error(foreign)).toBe(true);
    expect(rootEntry.DefinitionError.isDefinitionError(foreign)).toBe(false);
  });
});

describe('no instanceof on a public type in src/ and matchers/', () => {
  /** Every `x instanceof Name` in a TypeScript source, as `file:line Name`. */
  function instanceofChecks(file: string, text: string): string[] {
    const found: string[] = [];
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push(`${file}:${line} ${node.right.getText(source)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  }

  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => join(entry.parentPath, entry.name));
  }

  /** The checks against a public class of the package (by name, or by a member access ending in one). */
  function publicChecks(file: string, text: string): string[] {
    const names = new Set(publicClasses().keys());
    return instanceofChecks(file, text).filter((check) => names.has(check.split(' ')[1]?.split('.').pop() ?? ''));
  }

  it('finds none (each public class has a guard that works across copies)', () => {
    const files = [...sources(join(root, 'src')), ...sources(join(root, 'matchers'))];
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) => publicChecks(relative(root, file), readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });

  it('would find one (the check is not vacuous)', () => {
    const planted = 'import { OperationSet } from "./operations.js";\nexport const f = (x: unknown): boolean => x instanceof OperationSet;\n';
    expect(publicChecks('src/runtime/planted.ts', planted)).toEqual(['src/runtime/planted.ts:2 OperationSet']);
    expect(publicChecks('matchers/planted.ts', 'const y = e instanceof errors.DefinitionError;')).toEqual(['matchers/planted.ts:1 errors.DefinitionError']);
    expect(publicChecks('src/x.ts', 'const y = e instanceof Map;')).toEqual([]);
  });
});
