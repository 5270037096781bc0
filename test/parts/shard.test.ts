/**
 * Sharding a suite with `tier2 run --shard i/n --out` and merging the parts
 * with `tier2 merge`, in-process (fast enough to try every n from 1 to 8):
 * the merge must give the unsharded run's report, JSON, JUnit and exit code
 * byte for byte, and refuse parts that do not make up one whole run.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tier2InProcess as tier2 } from '../support/cli.js';
import { MISSION_REGISTRY, parseExpectationsDefinition, parseSuiteDefinition, scenarioShard } from 'tier2-harness';
import { MAX_SHARD_COUNT, parseShardSpec } from '../../src/parts/shard.js';
import { judgeSuite, outcomeData, type CliOutcome } from '../../src/harness/outcome.js';
import { toJunitXml } from '../../src/report/junit.js';
import { mergeParts } from '../../src/parts/merge.js';
import { makePart, parsePart, shardInputs } from '../../src/parts/part-file.js';
import { colors, formatReport } from '../../src/report/text.js';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tier2-shard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a whole run shows: the exit code, the report, the JSON and the JUnit XML. */
interface Shown {
  readonly code: number;
  readonly report: string;
  readonly json: string;
  readonly junit: string;
}

let counter = 0;
const fresh = (name: string): string => join(dir, `${counter++}-${name}`);

async function shown(command: readonly string[]): Promise<Shown> {
  const junitFile = fresh('junit.xml');
  const report = await tier2([...command, '--junit', junitFile]);
  const json = await tier2([...command, '--json']);
  expect(json.code).toBe(report.code);
  expect(report.err).toBe('');
  return { code: report.code, report: report.out, json: json.out, junit: readFileSync(junitFile, 'utf8') };
}

/** Runs every shard of `n` into its part file and returns the part files. */
async function parts(input: readonly string[], n: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 1; i <= n; i++) {
    const out = fresh(`part-${i}-of-${n}.json`);
    const result = await tier2(['run', ...input, '--shard', `${i}/${n}`, '--out', out]);
    expect([0, 1], result.err).toContain(result.code);
    files.push(out);
  }
  return files;
}

/** A generated suite: `count` scenarios of several missions, expectations that pass, fail and name what is missing. */
function generatedSuite(count: number): string {
  const scenarios = [];
  const expectations = [];
  for (let i = 0; i < count; i++) {
    const missions: object[] = [{ name: 'echo', params: { i, label: `s-${i}`, nested: { list: [i, i * 0.5, `x${i % 7}`] } } }];
    if (i % 5 === 0) missions.push({ name: 'daily_loop', params: { requested_steps: (i % 4) + 1 } });
    scenarios.push({ scenario_name: `scenario-${i}`, initial_state: { day: i % 30, tags: ['a', String(i)] }, missions });
    expectations.push({ id: `e${i}`, scenario_name: `scenario-${i}`, mission_name: 'echo', path: 'success', op: 'eq', expected: true });
    if (i % 97 === 0)
      expectations.push({ id: `f${i}`, scenario_name: `scenario-${i}`, mission_name: 'echo', path: 'final_state.day', op: 'gt', expected: 100 });
  }
  expectations.push({ id: 'ghost', scenario_name: 'not-in-the-suite', mission_name: 'echo', path: 'success', op: 'eq', expected: true });
  expectations.push({ id: 'no-mission', scenario_name: 'scenario-3', mission_name: 'daily_loop', path: 'success', op: 'exists' });
  const file = fresh(`generated-${count}.json`);
  writeFileSync(file, JSON.stringify({ suite_name: `generated-${count}`, scenarios, expectations }));
  return file;
}

const suites: [string, string[]][] = [
  ['nightly (suite and expectations files)', [join(examples, 'nightly.suite.yaml'), '-e', join(examples, 'nightly.expectations.yaml')]],
  ['failing-on-purpose (a failing expectation and a mission that raises)', [join(examples, 'failing.suite.yaml')]],
];

describe('tier2 merge of every shard gives the unsharded run, byte for byte', () => {
  for (const [label, input] of suites) {
    it(`${label}, for n = 1..8`, async () => {
      const whole = await shown(['run', ...input]);
      for (let n = 1; n <= 8; n++) {
        const merged = await shown(['merge', ...(await parts(input, n))]);
        expect(merged, `n = ${n}`).toEqual(whole);
      }
    });
  }

  // The CLI's own pieces, without re-reading the 2,000-scenario file for each of the 36 shard runs:
  // each shard really runs its scenarios, its part goes through JSON text, and the merge reads that text.
  it('a generated suite of 2,000 scenarios, for n = 1..8 (through the CLI functions, parts as JSON text)', () => {
    const data = JSON.parse(readFileSync(generatedSuite(2000), 'utf8')) as unknown;
    const suite = parseSuiteDefinition(data);
    const expectations = parseExpectationsDefinition({ expectations: (data as { expectations: unknown }).expectations });
    const render = (outcome: CliOutcome): Shown => ({
      code: outcome.passed ? 0 : 1,
      report: formatReport(outcome, { colors: colors(false), verbose: true }),
      json: JSON.stringify(outcomeData(outcome), null, 2),
      junit: toJunitXml(outcome),
    });
    const whole = render(judgeSuite(suite, expectations, MISSION_REGISTRY));
    expect(whole.code).toBe(1); // the f<i> expectations and 'ghost' fail on purpose
    expect(whole.report).toMatch(/test_run_hash: [0-9a-f]{64}/);
    for (let n = 1; n <= 8; n++) {
      const texts = Array.from({ length: n }, (_, i) => {
        const shard = { index: i + 1, count: n };
        const own = shardInputs(suite, expectations, shard);
        return JSON.stringify(makePart(suite, expectations, shard, judgeSuite(own.suite, own.expectations, MISSION_REGISTRY)));
      });
      const merged = render(mergeParts(texts.map((text, i) => parsePart(`part-${i + 1}.json`, text))));
      expect(merged.code, `n = ${n}`).toBe(whole.code);
      expect(merged.report === whole.report, `n = ${n}: report`).toBe(true);
      expect(merged.json === whole.json, `n = ${n}: JSON`).toBe(true);
      expect(merged.junit === whole.junit, `n = ${n}: JUnit`).toBe(true);
    }
  }, 300_000);

  it('empty shards are valid parts (3 scenarios over 8 shards)', async () => {
    const input = [join(examples, 'nightly.suite.yaml'), '-e', join(examples, 'nightly.expectations.yaml')];
    const files = await parts(input, 8);
    const empty = files.filter((file) => (JSON.parse(readFileSync(file, 'utf8')) as { scenarios: unknown[] }).scenarios.length === 0);
    expect(empty.length).toBeGreaterThanOrEqual(5);
    const merged = await tier2(['merge', ...files]);
    expect(merged.code).toBe(0);
    expect(merged.out).toBe((await tier2(['run', ...input])).out);
  });

  it('a suite without expectations: every shard is valid (exit 0), the merge fails like the unsharded run unless --pass-with-no-expectations', async () => {
    const input = [join(examples, 'nightly.suite.yaml')];
    const files: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const out = fresh(`bare-${i}-of-4.json`);
      const result = await tier2(['run', ...input, '--shard', `${i}/4`, '--out', out]);
      expect(result.code, result.out).toBe(0);
      files.push(out);
    }
    const merged = await tier2(['merge', ...files]);
    expect(merged.code).toBe(1);
    expect(merged.out).toContain('FAIL: no expectations were given');
    expect(merged.out).toBe((await tier2(['run', ...input])).out);
    const allowed = await tier2(['merge', ...files, '--pass-with-no-expectations']);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toBe((await tier2(['run', ...input, '--pass-with-no-expectations'])).out);
  });

  it('parts may be given in any order', async () => {
    const input = [join(examples, 'failing.suite.yaml')];
    const files = await parts(input, 3);
    expect((await tier2(['merge', ...[...files].reverse()])).out).toBe((await tier2(['run', ...input])).out);
  });

  it('parts record where what failed or raised was written, and the merged report shows it as the run does', async () => {
    const input = [join(examples, 'failing.suite.yaml')];
    const files = await parts(input, 2);
    type Entry = { status?: string; mission_error?: unknown; defined_at?: unknown; called_at?: unknown };
    const recorded = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as { scenarios: Entry[]; expectations: Entry[] });
    const expectations = recorded.flatMap((part) => part.expectations);
    const scenarios = recorded.flatMap((part) => part.scenarios);
    // In file order whatever shard each entry landed in.
    const where = (entries: Entry[], key: 'defined_at' | 'called_at'): unknown[] =>
      entries.map((entry) => entry[key]).sort((a, b) => JSON.stringify(a ?? null).localeCompare(JSON.stringify(b ?? null)));
    const at = (line: number): object => ({ file: 'examples/failing.suite.yaml', line });
    // Only what the text report locates: a passed expectation and a scenario that ran record nothing.
    expect(
      where(
        expectations.filter((entry) => entry.status === 'passed'),
        'defined_at',
      ),
    ).toEqual([undefined]);
    expect(
      where(
        expectations.filter((entry) => entry.status !== 'passed'),
        'defined_at',
      ),
    ).toEqual([at(20), at(32), at(38)]);
    expect(
      where(
        scenarios.filter((entry) => entry.mission_error === null),
        'called_at',
      ),
    ).toEqual([undefined]);
    expect(
      where(
        scenarios.filter((entry) => entry.mission_error !== null),
        'called_at',
      ),
    ).toEqual([at(17)]);
    const merged = (await tier2(['merge', ...files])).out;
    for (const line of ['defined:  examples/failing.suite.yaml:20', 'defined:  examples/failing.suite.yaml:38', 'called:   examples/failing.suite.yaml:17'])
      expect(merged).toContain(line);
    expect(merged).toBe((await tier2(['run', ...input])).out);
  });
});

describe('partition', () => {
  it('is SHA-256 of the UTF-8 name, first 8 bytes big-endian, mod n (values pinned from Python hashlib)', () => {
    // python3 -c "import hashlib; print(int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], 'big') % n + 1)"
    expect(scenarioShard('smoke', 4)).toBe(2);
    expect(scenarioShard('weekday', 4)).toBe(1);
    expect(scenarioShard('long-day', 4)).toBe(2);
    expect(scenarioShard('echo', 4)).toBe(3);
    expect(scenarioShard('ü-名前', 7)).toBe(4);
    expect(scenarioShard('', 3)).toBe(2);
    expect(scenarioShard('s1999', 8)).toBe(1);
  });

  it('is stable when a scenario is added: no other scenario changes shard, and the parts still merge', async () => {
    const names = Array.from({ length: 500 }, (_, i) => `scenario-${i}`);
    for (let n = 1; n <= 8; n++) {
      const before = names.map((name) => scenarioShard(name, n));
      // The new scenario goes first, so every other one moves position.
      const after = ['a-new-scenario', ...names].map((name) => scenarioShard(name, n)).slice(1);
      expect(after).toEqual(before);
    }
    const small = JSON.parse(readFileSync(generatedSuite(40), 'utf8')) as { scenarios: { scenario_name: string }[] };
    const grown = fresh('grown.json');
    writeFileSync(grown, JSON.stringify({ ...small, scenarios: [{ scenario_name: 'added', missions: [{ name: 'echo' }] }, ...small.scenarios] }));
    const whole = await tier2(['run', grown, '--json']);
    expect((await tier2(['merge', ...(await parts([grown], 4)), '--json'])).out).toBe(whole.out);
  });

  it('spreads scenarios over every shard', () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 2000; i++) {
      const shard = scenarioShard(`scenario-${i}`, 8) - 1;
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(180);
  });

  it('parses i/n and refuses anything else, saying what is allowed', () => {
    expect(parseShardSpec('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShardSpec('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '2', '2/0', '-1/4', '1/4/2', ' 1/4', '01/4', `1/${MAX_SHARD_COUNT + 1}`, '']) {
      expect(() => parseShardSpec(bad, '--shard'), bad).toThrow(/--shard: expected 'i\/n' with 1 <= i <= n <= 1024/);
    }
    expect(() => scenarioShard('x', 0)).toThrow(/count: expected an integer from 1 to 1024/);
  });
});

describe('tier2 merge refuses parts that do not make one whole run (exit 2, naming the part)', () => {
  const nightly = [join(examples, 'nightly.suite.yaml'), '-e', join(examples, 'nightly.expectations.yaml')];

  it('a missing shard', async () => {
    const files = await parts(nightly, 4);
    const result = await tier2(['merge', ...files.filter((_, i) => i !== 2)]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('shard 3/4 is missing (got the parts of shards 1, 2, 4)');
    expect(result.out).toBe('');
  });

  it('a shard given twice', async () => {
    const files = await parts(nightly, 2);
    const copy = fresh('copy-of-part-1.json');
    copyFileSync(files[0] as string, copy);
    const result = await tier2(['merge', ...files, copy]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`shard 1/2 is given twice: ${files[0]} and ${copy}`);
  });

  it('a part of another suite, other expectations or another shard count', async () => {
    const files = await parts(nightly, 2);
    const foreign = (await parts([join(examples, 'failing.suite.yaml')], 2))[1] as string;
    const mixed = await tier2(['merge', files[0] as string, foreign]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('the parts are not all of the same suite run (a foreign part?)');
    expect(mixed.err).toContain(`${files[0]}: suite 'nightly'`);
    expect(mixed.err).toContain(`${foreign}: suite 'failing-on-purpose'`);

    const noExpectations = (await parts([join(examples, 'nightly.suite.yaml')], 2))[1] as string;
    const otherExpectations = await tier2(['merge', files[0] as string, noExpectations]);
    expect(otherExpectations.code).toBe(2);
    expect(otherExpectations.err).toContain(`${noExpectations}: suite 'nightly'`);

    const otherCount = (await parts(nightly, 3))[1] as string;
    const counts = await tier2(['merge', files[0] as string, otherCount]);
    expect(counts.code).toBe(2);
    expect(counts.err).toMatch(/2 shards\)\n.*3 shards\)/);
  });

  it('a part whose data was edited', async () => {
    const files = await parts(nightly, 1);
    const part = JSON.parse(readFileSync(files[0] as string, 'utf8')) as {
      scenarios: { result: { mission_results: Record<string, { final_state: Record<string, unknown> }> } }[];
      expectations: { verdict: { actual: unknown } }[];
    };
    const edited = structuredClone(part);
    const first = Object.values(edited.scenarios[0]?.result.mission_results ?? {})[0];
    if (first) first.final_state.edited = true;
    const editedFile = fresh('edited.json');
    writeFileSync(editedFile, JSON.stringify(edited));
    const result = await tier2(['merge', editedFile]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${editedFile}: scenarios[0].result: scenario 'weekday': the recorded result does not match its scenario_hash`);

    const verdictEdited = structuredClone(part);
    (verdictEdited.expectations[0] as { verdict: { actual: unknown } }).verdict.actual = 'forged';
    const verdictFile = fresh('verdict-edited.json');
    writeFileSync(verdictFile, JSON.stringify(verdictEdited));
    const forged = await tier2(['merge', verdictFile]);
    expect(forged.code).toBe(2);
    expect(forged.err).toContain(`${verdictFile}: expectations[0].verdict: expectation 'weekday-daily-succeeds': the recorded verdict is not the verdict`);
  });

  it('a scenario moved into the wrong part, or dropped from its part', async () => {
    const files = await parts(nightly, 4);
    const [one, two] = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as { scenarios: unknown[] });
    const moved = { ...one, scenarios: [...(one?.scenarios ?? []), ...(two?.scenarios ?? [])] };
    const movedFile = fresh('moved.json');
    writeFileSync(movedFile, JSON.stringify(moved));
    const wrong = await tier2(['merge', movedFile, ...files.slice(1)]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/moved\.json: scenarios\[1\]: scenario '[^']+' does not belong to shard 1\/4/);

    const dropped = { ...one, scenarios: [] };
    const droppedFile = fresh('dropped.json');
    writeFileSync(droppedFile, JSON.stringify(dropped));
    const lost = await tier2(['merge', droppedFile, ...files.slice(1)]);
    expect(lost.code).toBe(2);
    expect(lost.err).toContain('is in no part (a part lost entries)');
  });

  it('a file that is not a part: a run --json output, not JSON, unreadable', async () => {
    const runJson = fresh('run.json');
    writeFileSync(runJson, (await tier2(['run', ...nightly, '--json'])).out);
    const notPart = await tier2(['merge', runJson]);
    expect(notPart.code).toBe(2);
    expect(notPart.err).toContain("this looks like the output of 'tier2 run --json'");
    const garbage = fresh('garbage.json');
    writeFileSync(garbage, '{ not json');
    expect((await tier2(['merge', garbage])).err).toContain(`${garbage}: not JSON`);
    expect((await tier2(['merge', join(dir, 'absent.json')])).err).toContain('absent.json: cannot read');
  });
});

describe('tier2 run --shard / --out usage', () => {
  const suite = join(examples, 'nightly.suite.yaml');

  it.each([
    [['--shard', '2/4'], '--shard needs --out <file>'],
    [['--shard', '5/4', '--out', 'x.json'], "--shard: expected 'i/n'"],
    [['--out', 'x.json', '--json'], '--json cannot be used with --out'],
    [['--out', 'x.json', '--junit', 'j.xml'], '--junit cannot be used with --out'],
    [['--out', 'x.json', '--pass-with-no-expectations'], "--pass-with-no-expectations cannot be used with --out: give it to 'tier2 merge'"],
    [['--out', suite], 'is the suite file: writing it would destroy the input'],
  ])('%j is refused', async (flags, message) => {
    const result = await tier2(['run', suite, ...flags]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });

  it('merge and compare take only their own flags', async () => {
    expect((await tier2(['merge', 'a.json', '--shard', '1/2'])).err).toContain("--shard does not apply to 'merge'");
    expect((await tier2(['merge'])).err).toContain("'merge' needs the part files");
    expect((await tier2(['compare', 'a.json'])).err).toContain("'compare' needs exactly two result files");
    const part = (await parts([suite], 1))[0] as string;
    expect((await tier2(['merge', part, '--junit', part])).err).toContain('is a part file: writing it would destroy the input');
  });

  it('--out alone writes the whole run as one part (shard 1/1)', async () => {
    const out = fresh('whole.json');
    const result = await tier2(['run', suite, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("suite 'nightly', shard 1/1: 3 of 3 scenarios");
    expect((JSON.parse(readFileSync(out, 'utf8')) as { shard: unknown }).shard).toEqual({ index: 1, count: 1 });
  });

  it('a failing shard exits 1 and lists what failed; its part is written all the same', async () => {
    const input = [join(examples, 'failing.suite.yaml')];
    const results = [];
    for (let i = 1; i <= 2; i++) results.push(await tier2(['run', ...input, '--shard', `${i}/2`, '--out', fresh(`f-${i}.json`)]));
    expect(results.map((result) => result.code)).toContain(1);
    expect(results.map((result) => result.out).join('')).toContain("expectation 'short-day-has-archive' failed (path_missing)");
    expect(results.map((result) => result.out).join('')).toContain("mission 'run_tests' raised");
  });
});
