/**
 * The runner output the docs paste, printed again by the runners it came from
 * (this repository's Vitest 4 and Jest 30) and compared with the docs, both
 * normalised by test/support/pasted-output.ts (durations, clock readings,
 * random ids and the absolute directory left out):
 *
 * - docs/runners.md, "What a failure looks like": the two commands of
 *   `npm run examples:failing`, each block one piece of what its runner prints;
 * - README.md, "What a failure looks like": an excerpt of the Vitest run (its
 *   lines in order), and the same messages in Jest's output;
 * - docs/matchers.md, "Matchers": the demo test file the page shows, run under
 *   Vitest 4 as the page says, and every failure message shown under it.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMission, stableHash } from 'tier2-harness';
import { ensureBuilt } from '../support/build.js';
import { blockMismatch, codeBlocks, excerptMissing, section } from '../support/pasted-output.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

/** The environment of a runner started from this test: none of what the outer Vitest sets for its workers. */
function runnerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VITEST|JEST_WORKER_ID$|NODE_OPTIONS$|TEST$|TIER2_|CI$)/.test(key)) env[key] = value;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

/** Runs a command to its end; stdout and stderr in one stream, as a terminal shows them. */
function printed(args: readonly string[], cwd: string, env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  const log = join(mkdtempSync(join(tmpdir(), 'tier2-printed-')), 'output.log');
  const fd = openSync(log, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: runnerEnv(env), stdio: ['ignore', fd, fd] });
    child.on('error', reject);
    child.on('close', (status) => {
      closeSync(fd);
      const output = readFileSync(log, 'utf8');
      rmSync(join(log, '..'), { recursive: true, force: true });
      resolve({ status, output });
    });
  });
}

/** The demo of docs/matchers.md in a project of its own, beside the golden file it expects, the built package linked in. */
function demoProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tier2-docs-demo-'));
  mkdirSync(join(dir, 'node_modules'));
  mkdirSync(join(dir, 'test', '__tier2__'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules', 'tier2-harness'), 'dir');
  symlinkSync(join(root, 'node_modules', 'vitest'), join(dir, 'node_modules', 'vitest'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const demo = /<details><summary>the demo test file<\/summary>\n\n```ts\n([\s\S]*?)```/.exec(read('docs/matchers.md'))?.[1];
  if (demo === undefined) throw new Error('docs/matchers.md shows no demo test file');
  writeFileSync(join(dir, 'test', 'zz-docs-demo.test.ts'), demo);
  // The entry the demo's toMatchRunHash test pinned with the default, DEMO_X unset.
  const pinned = runMission('echo', {}, { x: '1' }).toDict();
  writeFileSync(
    join(dir, 'test', '__tier2__', 'zz-docs-demo.test.ts.json'),
    `${JSON.stringify({ 'made to fail toMatchRunHash': { hash: stableHash(pinned), result: pinned } }, null, 2)}\n`,
  );
  return dir;
}

const failing = { TIER2_EXAMPLES: 'failing' };
let demoDir = '';
let runs: Promise<{ vitest: string; jest: string; demo: string }> | undefined;

beforeAll(() => {
  ensureBuilt('dist/vitest.js');
  demoDir = demoProject();
  // The three runs at once: most of each is starting a runner.
  runs = Promise.all([
    printed([join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.examples.config.ts'], root, failing),
    printed([join(root, 'node_modules/jest/bin/jest.js'), '--config', 'jest.config.cjs'], root, failing),
    printed([join(root, 'node_modules/vitest/vitest.mjs'), 'run'], demoDir, { DEMO_X: '2', CI: 'true' }),
  ]).then(([vitest, jest, demo]) => {
    for (const [what, run] of [
      ['vitest', vitest],
      ['jest', jest],
      ['the demo', demo],
    ] as const) {
      if (run.status !== 1) throw new Error(`${what} should fail (exit 1), exited ${run.status}:\n${run.output}`);
    }
    return { vitest: vitest.output, jest: jest.output, demo: demo.output };
  });
  // A failed run fails the tests that await it; this keeps it from also being an unhandled rejection.
  runs.catch(() => undefined);
});

afterAll(() => {
  if (demoDir) rmSync(demoDir, { recursive: true, force: true });
});

async function outputs(): Promise<{ vitest: string; jest: string; demo: string }> {
  if (runs === undefined) throw new Error('the runs were not started');
  return runs;
}

describe('docs/runners.md, "What a failure looks like": npm run examples:failing', () => {
  const blocks = codeBlocks(section(read('docs/runners.md'), '## What a failure looks like'), 'text');

  it('shows one block per runner', () => {
    expect(blocks).toHaveLength(2);
  });

  it('under Vitest, prints the first block', async () => {
    expect(blockMismatch((await outputs()).vitest, blocks[0] ?? '', [root])).toBeUndefined();
  });

  it('under Jest, prints the second block', async () => {
    expect(blockMismatch((await outputs()).jest, blocks[1] ?? '', [root])).toBeUndefined();
  });
});

describe('README.md, "What a failure looks like"', () => {
  const [excerpt = ''] = codeBlocks(section(read('README.md'), '### What a failure looks like'), 'text');

  it("is an excerpt of Vitest's output: every line, in order", async () => {
    expect(excerpt).toContain(' FAIL  examples/failing/what-a-failure-looks-like.test.ts');
    expect(excerptMissing((await outputs()).vitest, excerpt, [root])).toEqual([]);
  });

  it('and Jest prints the same messages', async () => {
    const messages = excerpt
      .split('\n')
      .filter((line) => !/^( FAIL {2}|Error: )/.test(line))
      .map((line) => line.trim())
      .join('\n');
    const jest = (await outputs()).jest
      .split('\n')
      .map((line) => line.trim())
      .join('\n');

    expect(messages).toContain('Expected suite');
    expect(excerptMissing(jest, messages, [root])).toEqual([]);
  });
});

describe('docs/matchers.md, "Matchers": the demo test file under Vitest 4', () => {
  const shown = codeBlocks(section(read('docs/matchers.md'), '## Matchers'), 'text').filter((block) => block.startsWith('Error: expect('));

  it('shows the message of each matcher', () => {
    expect(shown.length).toBeGreaterThanOrEqual(10);
  });

  it.each(shown.map((block) => [block.split('\n')[2] ?? '', block] as const))('prints: %s', async (_sentence, block) => {
    expect(blockMismatch((await outputs()).demo, block, [demoDir])).toBeUndefined();
  });
});
