/**
 * describeSuite with a shard spec: only the shard's scenarios and their
 * expectations are registered, and a last test records the shard's part
 * (in the Vitest test context's meta, and in a file with `out`), the very
 * part `tier2 run --shard i/n --out` writes for the same suite.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { MISSION_REGISTRY, createRegistry, defineExpectations, defineMission, defineSuite, describeSuite, type TestBody } from '../../src/index.js';
import { partText } from '../../src/parts/part.js';
import { inShard } from '../../src/parts/shard.js';
import { judgeSuite } from '../../src/harness/outcome.js';
import { makePart, shardInputs } from '../../src/parts/part-file.js';

const dir = mkdtempSync(join(tmpdir(), 'tier2-dsl-shard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

const names = Array.from({ length: 12 }, (_, i) => `scenario-${i}`);
const suite = defineSuite({ name: 'sharded', scenarios: names.map((name, i) => ({ name, missions: [{ mission: 'echo', params: { i } }] })) });
const expectations = defineExpectations([
  ...names.map((name) => ({ id: `ok-${name}`, scenario: name, mission: 'echo', path: 'success', op: 'eq' as const, expected: true })),
  { id: 'ghost', scenario: 'not-in-the-suite', mission: 'echo', path: 'success', op: 'eq', expected: true },
]);

type Body = (...args: unknown[]) => void | Promise<void>;

function recorder(): { api: { describe: (name: string, body: () => void) => void; it: (name: string, body: TestBody) => void }; tests: Map<string, Body> } {
  const tests = new Map<string, Body>();
  const stack: string[] = [];
  return {
    tests,
    api: {
      describe: (name, body) => {
        stack.push(name);
        body();
        stack.pop();
      },
      it: (name, body) => void tests.set([...stack, name].join(' > '), body),
    },
  };
}

/** Runs every registered test as Vitest would, with a context whose task has a meta object; returns the metas. */
async function runAll(tests: Map<string, Body>): Promise<Map<string, Record<string, unknown>>> {
  const metas = new Map<string, Record<string, unknown>>();
  for (const [title, body] of tests) {
    const meta: Record<string, unknown> = {};
    try {
      await body({ task: { meta } });
    } catch {
      // a failing expectation: its meta is still recorded
    }
    metas.set(title, meta);
  }
  return metas;
}

describe('describeSuite with a shard spec', () => {
  it('registers only the shard’s scenarios and expectations, plus the part test', () => {
    for (let index = 1; index <= 4; index++) {
      const { api, tests } = recorder();
      describeSuite(suite, expectations, { ...api, shard: `${index}/4` });
      const scenarios = [...tests.keys()].filter((title) => title.endsWith(' > runs')).map((title) => /scenario '([^']+)'/.exec(title)?.[1]);
      expect(scenarios).toEqual(names.filter((name) => inShard(name, { index, count: 4 })));
      expect([...tests.keys()].at(-1)).toBe(`suite 'sharded' > tier2 part: shard ${index}/4`);
      expect([...tests.keys()].some((title) => title.includes('ghost'))).toBe(inShard('not-in-the-suite', { index, count: 4 }));
    }
  });

  it('a shard that holds no scenario registers only its part test, which passes: the part proves the shard ran', async () => {
    const single = defineSuite({ name: 'single', scenarios: [{ name: 'only', missions: [{ mission: 'echo' }] }] });
    const onOnly = defineExpectations([{ id: 'ok', scenario: 'only', mission: 'echo', path: 'success', op: 'eq', expected: true }]);
    const empty = [1, 2, 3, 4].find((index) => !inShard('only', { index, count: 4 })) as number;
    const { api, tests } = recorder();
    describeSuite(single, onOnly, { ...api, shard: `${empty}/4` });
    expect([...tests.keys()]).toEqual([`suite 'single' > tier2 part: shard ${empty}/4`]);
    // Run directly, not through runAll (which swallows failures): the part test must pass.
    const meta: Record<string, unknown> = {};
    await tests.get(`suite 'single' > tier2 part: shard ${empty}/4`)?.({ task: { meta } });
    const part = JSON.parse(meta.tier2Part as string) as { scenarios: unknown[]; expectations: unknown[] };
    expect(part).toMatchObject({ scenarios: [], expectations: [] });
  });

  it('takes TIER2_SHARD from the environment (the option wins), and names it when malformed', () => {
    vi.stubEnv('TIER2_SHARD', '2/3');
    const fromEnv = recorder();
    describeSuite(suite, expectations, fromEnv.api);
    expect([...fromEnv.tests.keys()].at(-1)).toBe("suite 'sharded' > tier2 part: shard 2/3");
    const fromOption = recorder();
    describeSuite(suite, expectations, { ...fromOption.api, shard: { index: 1, count: 2 } });
    expect([...fromOption.tests.keys()].at(-1)).toBe("suite 'sharded' > tier2 part: shard 1/2");
    vi.stubEnv('TIER2_SHARD', '3/2');
    expect(() => describeSuite(suite, expectations, recorder().api)).toThrow(
      /describeSuite: TIER2_SHARD: expected 'i\/n' with 1 <= i <= n <= 1024 \(e\.g\. '2\/4'\), got '3\/2'/,
    );
    expect(() => describeSuite(suite, expectations, { ...recorder().api, shard: '0/2' })).toThrow(/describeSuite: options\.shard: expected 'i\/n'/);
  });

  it('without a shard spec, out or record: no part test (the registered tests are unchanged)', () => {
    const { api, tests } = recorder();
    describeSuite(suite, expectations, api);
    expect([...tests.keys()].some((title) => title.includes('tier2 part'))).toBe(false);
    expect(tests.size).toBe(names.length * 2 + 1);
  });

  it('records the same part as tier2 run --shard, in the test meta and in the out file; each test carries its data in meta', async () => {
    for (let index = 1; index <= 3; index++) {
      const shard = { index, count: 3 };
      const out = join(dir, `part-${index}.json`);
      const { api, tests } = recorder();
      describeSuite(suite, expectations, { ...api, shard: `${index}/3`, out });
      const metas = await runAll(tests);
      const own = shardInputs(suite, expectations, shard);
      const cliPart = partText(makePart(suite, expectations, shard, judgeSuite(own.suite, own.expectations, MISSION_REGISTRY)));
      expect(metas.get(`suite 'sharded' > tier2 part: shard ${index}/3 → ${out}`)?.tier2Part).toBe(cliPart);
      expect(readFileSync(out, 'utf8')).toBe(cliPart);
      for (const [title, meta] of metas) {
        if (title.endsWith(' > runs')) {
          const data = meta.tier2 as { scenario: unknown; scenarioHash: unknown };
          expect(typeof data.scenario).toBe('string');
          expect(data.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
        }
        if (title.includes('ghost')) expect(meta.tier2).toEqual({ expectation: 'ghost', passed: false, reason: 'scenario_missing' });
      }
    }
  });

  it('records a mission that raises as the CLI does: its key, mission and error, and its expectations as not evaluated', async () => {
    const boom = defineMission({
      name: 'boom',
      description: 'raises',
      build: () => ({ id: 'wf', steps: [{ id: 's', kind: 'human', payload: { x: 1n as unknown as number } }] }),
    });
    const registry = createRegistry([boom]);
    const raising = defineSuite({ name: 'raising', scenarios: [{ name: 'bad', missions: [{ mission: 'echo' }, { mission: 'boom' }] }] });
    const onBad = defineExpectations([{ id: 'bad-ok', scenario: 'bad', mission: 'echo', path: 'success', op: 'eq', expected: true }]);
    const { api, tests } = recorder();
    describeSuite(raising, onBad, { ...api, registry, record: true });
    const metas = await runAll(tests);
    const part = JSON.parse(metas.get("suite 'raising' > tier2 part: the whole suite")?.tier2Part as string) as {
      scenarios: { mission_error: { key: string; mission: string; error: { name: string } } }[];
      expectations: { status: string; verdict: unknown }[];
    };
    expect(part.scenarios[0]?.mission_error.key).toBe('boom');
    expect(part.scenarios[0]?.mission_error.mission).toBe('boom');
    expect(part.scenarios[0]?.mission_error.error.name).toMatch(/Error$/);
    expect(part.expectations.map(({ status, verdict }) => ({ status, verdict }))).toEqual([{ status: 'error', verdict: null }]);
    const cli = JSON.parse(partText(makePart(raising, onBad, { index: 1, count: 1 }, judgeSuite(raising, onBad, registry)))) as typeof part;
    expect(part.scenarios[0]?.mission_error.error.name).toBe(cli.scenarios[0]?.mission_error.error.name);
    expect(part.expectations).toEqual(cli.expectations);
  });
});
