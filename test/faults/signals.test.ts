/**
 * Fault injection by signals: SIGINT/SIGTERM reach `tier2 run` while it is
 * writing its JUnit report (caught the moment the temporary file appears) or
 * while it is still running. Either way the report is the old one or the whole
 * new one, no temporary file is left, and the process ends by the signal.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'tier2-signals-'));

beforeAll(() => {
  ensureBuilt();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
/** A folder with a suite whose JUnit report is about 13 MB, and an old report. */
function setUp(): { base: string; suite: string; report: string } {
  count += 1;
  const base = join(dir, `case-${count}`);
  mkdirSync(base);
  const expectations = Array.from({ length: 8 }, (_, i) => ({
    id: `big-${i}`,
    scenario_name: 's',
    mission_name: 'echo',
    path: 'final_state.text',
    op: 'eq',
    expected: 'y',
  }));
  const suite = join(base, 'suite.json');
  writeFileSync(
    suite,
    JSON.stringify({
      suite_name: 'large',
      scenarios: [{ scenario_name: 's', initial_state: { text: 'x'.repeat(800_000) }, missions: [{ name: 'echo' }] }],
      expectations,
    }),
  );
  const report = join(base, 'junit.xml');
  writeFileSync(report, '<old report/>\n');
  return { base, suite, report };
}

const temporary = (base: string): string[] => readdirSync(base).filter((name) => name.endsWith('.tmp'));

/** Runs the CLI and sends `signal` when `when(base)` first holds (polled every 2 ms). */
async function interrupt(
  signal: NodeJS.Signals,
  when: (base: string) => boolean,
): Promise<{ base: string; report: string; exit: NodeJS.Signals | number | null; sent: boolean }> {
  const { base, suite, report } = setUp();
  const child = spawn(process.execPath, [cli, 'run', suite, '--junit', report], { cwd: base, env: { PATH: process.env.PATH ?? '' }, stdio: 'ignore' });
  let sent = false;
  const poll = setInterval(() => {
    if (!sent && when(base)) {
      sent = true;
      child.kill(signal);
    }
  }, 2);
  const exit = await new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, bySignal) => resolve(bySignal ?? code)));
  clearInterval(poll);
  return { base, report, exit, sent };
}

describe.each(['SIGTERM', 'SIGINT'] as const)('%s', (signal) => {
  it('while the JUnit report is being written: no temporary file is left, the report is old or whole, the process dies by the signal', async () => {
    const { base, report, exit, sent } = await interrupt(signal, (folder) => temporary(folder).length > 0);
    expect(sent).toBe(true);
    expect(exit).toBe(signal);
    expect(temporary(base)).toEqual([]);
    // Almost always the old report; on a slow machine the signal may land just after the rename: then the whole new one.
    const xml = readFileSync(report, 'utf8');
    if (xml !== '<old report/>\n') expect(xml.endsWith('</testsuites>\n')).toBe(true);
  }, 120_000);

  it('while the suite is still running: nothing is written, the old report stays', async () => {
    const { base, report, exit } = await interrupt(signal, () => true);
    expect(exit).toBe(signal);
    expect(readdirSync(base).sort()).toEqual(['junit.xml', 'suite.json']);
    expect(readFileSync(report, 'utf8')).toBe('<old report/>\n');
  }, 120_000);
});

it('without a signal, the same run replaces the report whole', async () => {
  const { base, report, exit } = await interrupt('SIGTERM', () => false);
  expect(exit).toBe(1);
  expect(readdirSync(base).sort()).toEqual(['junit.xml', 'suite.json']);
  const xml = readFileSync(report, 'utf8');
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="large" tests="8" failures="8"')).toBe(true);
  expect(xml.endsWith('</testsuites>\n')).toBe(true);
}, 120_000);
