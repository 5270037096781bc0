/**
 * Fault injection by user code: operations and templates that return promises,
 * hostile thrown values (Proxies with throwing traps, revoked Proxies, Errors
 * whose `message` getter throws) and names full of control characters. Nothing
 * may escape raw, no user trap or getter may run while describing, and no
 * discarded promise may end the process as an unhandled rejection.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import 'tier2-harness/vitest';
import {
  AntiFailurePlanningError,
  OperationError,
  Orchestrator,
  checkDeterminism,
  createRegistry,
  defineMission,
  defineOperation,
  parseExpectationsDefinition,
  parseSuiteDefinition,
  runSuite,
  type OperationFunction,
} from 'tier2-harness';
import { escapeControl } from '../../src/data/escape-control.js';
import { ensureBuilt } from '../support/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'tier2-user-code-'));
beforeAll(() => {
  ensureBuilt();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one runtime step of `apply` and returns what it threw. */
function thrownBy(apply: OperationFunction): unknown {
  const orchestrator = new Orchestrator({ operations: [defineOperation('user_op', apply)] });
  try {
    orchestrator.runWorkflow({ id: 'wf', steps: [{ id: 's1', kind: 'runtime', payload: { operation: 'user_op' } }] });
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail its step');
}

/** Collects unhandled rejections while `body` runs and for a few turns after. */
async function unhandledRejections(body: () => void): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', listener);
  try {
    body();
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

const PROMISE_MESSAGE =
  "operation 'user_op' in step 's1' of workflow 'wf' returned a promise (or a thenable): operations are synchronous and pure, so an async function cannot be one";

describe('an operation that returns a promise', () => {
  it('is an OperationError saying operations are synchronous, and its rejection is handled', async () => {
    let error: unknown;
    const rejections = await unhandledRejections(() => {
      // eslint-disable-next-line @typescript-eslint/require-await
      error = thrownBy((async () => {
        throw new Error('rejected later');
      }) as unknown as OperationFunction);
    });
    expect(OperationError.isOperationError(error)).toBe(true);
    expect((error as Error).message).toContain(PROMISE_MESSAGE);
    expect(rejections).toEqual([]);
  });

  it('also when it resolves, for a Promise subclass, and for a promise with a hostile constructor getter', async () => {
    class Later<T> extends Promise<T> {}
    let getterCalls = 0;
    const hostile = Promise.reject(new Error('no'));
    void Object.defineProperty(hostile, 'constructor', {
      configurable: true,
      get() {
        getterCalls += 1;
        throw new Error('constructor getter ran');
      },
    });
    const errors: unknown[] = [];
    const rejections = await unhandledRejections(() => {
      errors.push(thrownBy((() => Promise.resolve({ a: 1 })) as unknown as OperationFunction));
      errors.push(thrownBy((() => Later.reject(new Error('subclass'))) as unknown as OperationFunction));
      errors.push(thrownBy((() => hostile) as unknown as OperationFunction));
    });
    for (const error of errors) expect((error as Error).message).toContain(PROMISE_MESSAGE);
    expect(rejections).toEqual([]);
    expect(getterCalls).toBe(0);
  });

  it('a thenable whose `then` is a getter: refused without calling the getter', () => {
    let calls = 0;
    const thenable = {
      get then() {
        calls += 1;
        throw new Error('then getter ran');
      },
    };
    const error = thrownBy((() => thenable) as unknown as OperationFunction);
    expect((error as Error).message).toContain(PROMISE_MESSAGE);
    expect(calls).toBe(0);
  });
});

describe('a mission template that returns a promise', () => {
  it('is an AntiFailurePlanningError saying templates are synchronous, and its rejection is handled', async () => {
    const later = defineMission({
      name: 'later',
      description: 'async template',
      // eslint-disable-next-line @typescript-eslint/require-await
      build: (async () => {
        throw new Error('rejected later');
      }) as never,
    });
    const registry = createRegistry([later]);
    let error: unknown;
    const rejections = await unhandledRejections(() => {
      try {
        registry.run('later', {}, {});
      } catch (caught) {
        error = caught;
      }
    });
    expect(AntiFailurePlanningError.isAntiFailurePlanningError(error)).toBe(true);
    expect((error as Error).message).toContain('returned a promise (or a thenable) instead of { id, steps }: templates are synchronous and pure');
    expect(rejections).toEqual([]);
  });
});

describe('hostile thrown values are described without running user code', () => {
  const trapCalls: string[] = [];
  const traps: ProxyHandler<object> = Object.fromEntries(
    (['get', 'getPrototypeOf', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'apply'] as const).map((trap) => [
      trap,
      () => {
        trapCalls.push(trap);
        throw new Error(`trap ${trap} ran`);
      },
    ]),
  );
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  let getterCalls = 0;
  const messageGetter = new Error('hidden');
  Object.defineProperty(messageGetter, 'message', {
    get() {
      getterCalls += 1;
      throw new Error('message getter ran');
    },
  });
  const toStringThrows = {
    toString() {
      getterCalls += 1;
      throw new Error('toString ran');
    },
  };

  it.each([
    ['a Proxy with throwing traps', new Proxy({}, traps), 'threw: a Proxy (not inspected: reading it would run its traps)'],
    ['a revoked Proxy', revocable.proxy, 'threw: a Proxy (not inspected: reading it would run its traps)'],
    ['a Proxy of an Error', new Proxy(new Error('inside'), traps), 'threw: a Proxy (not inspected: reading it would run its traps)'],
    ['an Error whose message getter throws', messageGetter, 'threw: (no message shown: it is a getter, which is never called)'],
    ['an object whose toString throws', toStringThrows, 'threw: an object'],
    ['a string', 'plain text', 'threw: plain text'],
    ['a null-prototype object', Object.create(null) as object, 'threw: an object'],
  ])('%s: an OperationError with a printable message', (_name, value, expected) => {
    const error = thrownBy(() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw value;
    });
    expect(OperationError.isOperationError(error)).toBe(true);
    expect((error as Error).message).toBe(`operation 'user_op' in step 's1' of workflow 'wf' ${expected}`);
    expect(trapCalls).toEqual([]);
    expect(getterCalls).toBe(0);
  });

  it('in a mission template, in checkDeterminism and in the CLI report', () => {
    const raising = defineMission({
      name: 'raising',
      description: 'throws a hostile value',
      build: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw new Proxy({}, traps);
      },
    });
    const registry = createRegistry([raising]);
    expect(() => registry.run('raising', {}, {})).toThrow(
      "mission 'raising': the template rejected its params: a Proxy (not inspected: reading it would run its traps)",
    );
    const report = checkDeterminism(
      () => {
        throw messageGetter;
      },
      // The same error every run: deterministic only by explicit choice (a raising run fails otherwise).
      { runs: 2, allowErrors: true },
    );
    expect(report.deterministic).toBe(true);
    expect(report.outcomes[0]).toEqual({ kind: 'error', name: 'Error', message: '(no message shown: it is a getter, which is never called)' });
    expect(trapCalls).toEqual([]);
    expect(getterCalls).toBe(0);

    const module = join(dir, 'hostile-missions.mjs');
    writeFileSync(
      module,
      `import { createRegistry, defineMission } from ${JSON.stringify(join(root, 'dist', 'index.js'))};
const revocable = Proxy.revocable({}, {});
revocable.revoke();
const late = defineMission({ name: 'late', description: 'async', build: async () => { throw new Error('later'); } });
const revoked = defineMission({ name: 'revoked', description: 'throws a revoked proxy', build: () => { throw revocable.proxy; } });
export default createRegistry([late, revoked]);`,
    );
    const suite = join(dir, 'hostile.suite.json');
    writeFileSync(
      suite,
      JSON.stringify({
        suite_name: 'hostile',
        scenarios: [
          { scenario_name: 'a', missions: [{ name: 'late' }] },
          { scenario_name: 'b', missions: [{ name: 'revoked' }] },
        ],
      }),
    );
    const run = spawnSync(process.execPath, [cli, 'run', suite, '--missions', module], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      "! mission 'late' raised AntiFailurePlanningError: mission 'late': template returned a promise (or a thenable) instead of { id, steps }",
    );
    expect(run.stdout).toContain(
      "! mission 'revoked' raised DefinitionError: mission 'revoked': the template rejected its params: a Proxy (not inspected: reading it would run its traps)",
    );
  });
});

describe('control characters in names are shown, never obeyed', () => {
  const evil = 'day\r\u001b[2Kfake PASS\u009b\u2028';
  const shown = 'day\\r\\u001b[2Kfake PASS\\u009b\\u2028';

  it('escapeControl makes every C0, DEL, C1 and line-separator character visible', () => {
    expect(escapeControl(evil)).toBe(shown);
    expect(escapeControl('a\nb\tc\u007f')).toBe('a\\nb\\tc\\u007f');
    expect(escapeControl('a\nb\rc', { keepNewlines: true })).toBe('a\nb\\rc');
    expect(escapeControl('C:\\path é 😀')).toBe('C:\\path é 😀');
  });

  it('in the CLI report: suite, scenario, mission key, expectation id, error message', () => {
    const suite = join(dir, 'evil.suite.json');
    writeFileSync(
      suite,
      JSON.stringify({
        suite_name: evil,
        scenarios: [
          { scenario_name: evil, missions: [{ name: 'echo', key: evil }] },
          { scenario_name: 'raises', missions: [{ name: 'run_tests', params: { target: 5 } }] },
        ],
        expectations: [{ id: evil, scenario_name: evil, mission_name: evil, path: 'success', op: 'eq', expected: false }],
      }),
    );
    const run = spawnSync(process.execPath, [cli, 'run', suite], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(run.status).toBe(1);
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(run.stdout).toContain(`suite '${shown}'`);
    expect(run.stdout).toContain(`scenario '${shown}'`);
    expect(run.stdout).toContain(`mission '${shown}'`);
    expect(run.stdout).toContain(`✗ ${shown}  eq at success`);
  });

  it('in matcher messages', () => {
    const suite = parseSuiteDefinition({ suite_name: 's', scenarios: [{ scenario_name: evil, missions: [{ name: 'echo' }] }] });
    const expectations = parseExpectationsDefinition({
      expectations: [{ id: evil, scenario_name: evil, mission_name: 'echo', path: 'success', op: 'eq', expected: false }],
    });
    let message = '';
    try {
      expect(runSuite(suite)).toMeetExpectations(expectations);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(shown);
    expect(message).not.toContain('\r');
    expect(message).not.toContain('\u001b[2K');
  });
});
