/**
 * `tier2 run --runs N` in-process: a run in which a mission raises is never
 * called deterministic, and a mission that measures itself with
 * process.hrtime.bigint() keeps working while the runs are watched.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { fakeIo } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tier2-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const missions = fileURLToPath(new URL('../fixtures/cli/clock-missions.mjs', import.meta.url));

function suiteCalling(mission: string): string {
  const file = join(dir, `${mission}.yaml`);
  writeFileSync(
    file,
    `suite_name: s\nscenarios:\n  - { scenario_name: a, missions: [{ name: ${mission} }] }\nexpectations:\n  - { id: ok, scenario_name: a, mission_name: ${mission}, path: success, op: eq, expected: true }\n`,
  );
  return file;
}

describe('tier2 run --runs', () => {
  it('a mission using process.hrtime.bigint() runs as without --runs, and the call is reported', async () => {
    const io = fakeIo();
    expect(await runCli(['run', suiteCalling('timed'), '--missions', missions, '--runs', '3'], io)).toBe(0);
    expect(io.out()).toContain('PASS  1/1 expectations passed');
    expect(io.out()).toContain('determinism: 3 runs, identical results');
    expect(io.out()).toMatch(/ambient source called: process\.hrtime\.bigint \(6 calls, first from .*clock-missions\.mjs:\d+:\d+\)/);
    expect(io.out()).not.toContain('raised');
  });

  it('a mission that raises on every run is not called deterministic', async () => {
    const io = fakeIo();
    expect(await runCli(['run', suiteCalling('broken'), '--missions', missions, '--runs', '3'], io)).toBe(1);
    expect(io.out()).not.toContain('identical results');
    expect(io.out()).toContain('NOT DETERMINISTIC: 3 of the 3 runs raised, so their results cannot be compared');
    expect(io.out()).toMatch(/runs 1, 2, 3: MissionRaised: scenario 'a', mission 'broken': \w+: .*no template today/);
    expect(io.out()).not.toContain('the runs differed');
  });

  it('a mission that raises on one run only fails the check, naming that run', async () => {
    const io = fakeIo();
    expect(await runCli(['run', suiteCalling('flaky'), '--missions', missions, '--runs', '3'], io)).toBe(1);
    expect(io.out()).toContain('but the runs differed (see below)');
    expect(io.out()).toContain('NOT DETERMINISTIC: 1 of the 3 runs raised');
    expect(io.out()).toMatch(/ run 2: MissionRaised: scenario 'a', mission 'flaky': OperationError: .*second run only/);
  });
});
