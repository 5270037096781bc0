/**
 * The public surface is reviewed as a file: `api/<entry>.api.md`, API Extractor's report of every entry point
 * (scripts/api-report.mjs). This test makes the reports again from the sources and compares them byte for byte,
 * so a name added to or dropped from an entry, or a changed signature, fails here until the report in `api/` is
 * regenerated (`npm run api-report -- --update`) and the change shows in review.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';

const out = mkdtempSync(join(tmpdir(), 'tier2-api-report-'));
const checkedIn = join(root, 'api');
const reportsIn = (folder: string): string[] =>
  readdirSync(folder)
    .filter((file) => file.endsWith('.api.md'))
    .sort();

beforeAll(() => {
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'api-report.mjs'), '--out', out], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`scripts/api-report.mjs failed:\n${run.stdout}\n${run.stderr}`);
}, 300_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the API reports in api/', () => {
  it('exist for every entry point of package.json, and for nothing else', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const expected = Object.keys(pkg.exports)
      .filter((subpath) => subpath !== './package.json')
      .map((subpath) => (subpath === '.' ? 'tier2-harness.api.md' : `tier2-harness-${subpath.slice(2)}.api.md`))
      .sort();
    expect(reportsIn(out)).toEqual(expected);
    expect(reportsIn(checkedIn)).toEqual(expected);
  });

  it.each(reportsIn(checkedIn))('%s is what the sources export (else: npm run api-report -- --update, and review)', (file) => {
    expect(readFileSync(join(out, file), 'utf8')).toBe(readFileSync(join(checkedIn, file), 'utf8'));
  });

  it('lists the runtime that the README teaches, and none of the plumbing the entries share', () => {
    const report = readFileSync(join(out, 'tier2-harness.api.md'), 'utf8');
    for (const taught of ['runTestRun', 'defineSuite', 'describeSuite', 'checkDeterminism', 'createRegistry', 'Orchestrator', 'scenarioShard'])
      expect(report).toMatch(new RegExp(`^export (declare )?(function|class|const) ${taught}\\b`, 'm'));
    for (const plumbing of [
      'assembleScenarioResult',
      'scenarioRunner',
      'partDocument',
      'partText',
      'definitionHashes',
      'PARTITION',
      'inShard',
      'parseShardSpec',
    ])
      expect(report).not.toMatch(new RegExp(`\\b${plumbing}\\b`));
  });

  it('shows the module augmentations of the runner entries, which API Extractor leaves out', () => {
    expect(readFileSync(join(out, 'tier2-harness-vitest.api.md'), 'utf8')).toMatch(
      /declare module "vitest" \{\n {4}interface Matchers extends Tier2VitestMatchers/,
    );
    expect(readFileSync(join(out, 'tier2-harness-jest.api.md'), 'utf8')).toMatch(/declare module "expect"[\s\S]*declare global \{\n {4}namespace jest/);
  });
});
