/**
 * The GitHub Actions recipe of docs/cli.md ("In GitHub Actions: main's
 * behaviour as the baseline of every pull request"), run for real: a git
 * repository with two commits of the example suite (main, and a pull request
 * with the four planted changes); the workflow in the docs is parsed and each
 * of its `run:` steps is run with bash as the runner would, in order, with the
 * `if:` of the event. What only GitHub provides is stood in for: `npx tier2` is
 * the built CLI, `actions/upload-artifact` and `gh run download` move files
 * through a local artifact store, `gh pr comment` keeps the body it was given,
 * and `$GITHUB_STEP_SUMMARY` is a file. The docs' real-output blocks of
 * `tier2 compare` are checked here too.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { cli, root, scratch } from '../support/cli.js';
import { exampleSuite, plantedSuite, PLANTED_SUMMARY_ROWS, summaryRows } from './compare-helpers.js';

interface Step {
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
}

const docs = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');

/** The fenced block of `language` that follows `marker` in docs/cli.md. */
function blockAfter(marker: string, language: string): string {
  const at = docs.indexOf(marker);
  expect(at, marker).toBeGreaterThan(-1);
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(docs.slice(at));
  return match?.[1] ?? '';
}

const workflow = parse(blockAfter("### In GitHub Actions: main's behaviour", 'yaml')) as { jobs: { behaviour: { steps: Step[] } } };
const steps = workflow.jobs.behaviour.steps;

const dir = scratch('tier2-recipe-');
const repo = join(dir.dir, 'repo');
const bin = join(dir.dir, 'bin');
const artifacts = join(dir.dir, 'artifacts');
afterAll(() => dir.remove());

function sh(command: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', command], {
    cwd: repo,
    encoding: 'utf8',
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: dir.dir, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Stand-ins for what only GitHub's runner has: `npx tier2` is the built CLI; `gh` moves artifacts and keeps comments. */
function installStandIns(): void {
  mkdirSync(bin, { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = tier2 ] || exit 127\nshift\nexec "${process.execPath}" "${cli}" "$@"\n`);
  writeFileSync(
    join(bin, 'gh'),
    [
      '#!/bin/sh',
      `store="${artifacts}"`,
      'case "$1 $2" in',
      '  "run list") cat "$store/last-run-id" ;;',
      '  "run download") shift 2; id="$1"; shift; while [ $# -gt 0 ]; do case "$1" in --name) name="$2"; shift 2;; --dir) to="$2"; shift 2;; *) shift;; esac; done;',
      '    mkdir -p "$to" && cp "$store/$id/$name/"* "$to/" ;;',
      '  "pr comment") shift 2; while [ $# -gt 0 ]; do case "$1" in --body-file) cp "$2" "$store/comment.md"; shift 2;; *) shift;; esac; done ;;',
      '  *) echo "gh stand-in: $*" >&2; exit 1 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  for (const name of ['npx', 'gh']) chmodSync(join(bin, name), 0o755);
}

/** What `actions/upload-artifact` does, in the local store: the run's files under the artifact's name. */
function upload(runId: string, step: Step): void {
  const name = step.with?.name ?? '';
  const path = step.with?.path ?? '';
  const to = join(artifacts, runId, name);
  mkdirSync(to, { recursive: true });
  copyFileSync(join(repo, path), join(to, path.split('/').pop() as string));
}

/** Runs the job as GitHub would for `event`: every step whose `if:` holds, `run:` with bash, uploads into the store. */
function runJob(event: 'push' | 'pull_request', runId: string): { summary: string; failed: string | undefined } {
  const summary = join(dir.dir, `${runId}-summary.md`);
  writeFileSync(summary, '');
  let failed: string | undefined;
  for (const step of steps) {
    const condition = step.if ?? 'success()';
    const eventHolds = !condition.includes('github.event_name') || condition.includes(`github.event_name == '${event}'`);
    const statusHolds = condition.includes('always()') || failed === undefined;
    if (!eventHolds || !statusHolds) continue;
    if (step.uses?.startsWith('actions/upload-artifact@')) upload(runId, step);
    if (step.run === undefined || step.id === undefined) continue;
    const script = step.run.replace('${{ github.event.pull_request.number }}', '7').replace(/\$\{\{[^}]*\}\}/g, 'token');
    const result = sh(script, { GITHUB_STEP_SUMMARY: summary, GITHUB_EVENT_NAME: event, GITHUB_ACTIONS: 'true', ...step.env, GH_TOKEN: 'token' });
    if (result.status !== 0) failed ??= `${step.id}: exit ${result.status}\n${result.stderr}`;
  }
  return { summary: readFileSync(summary, 'utf8'), failed };
}

function commit(texts: { suite: string; expectations: string }, message: string): void {
  mkdirSync(join(repo, 'suites'), { recursive: true });
  writeFileSync(join(repo, 'suites', 'nightly.suite.yaml'), texts.suite);
  writeFileSync(join(repo, 'suites', 'nightly.expectations.yaml'), texts.expectations);
  const result = sh(`git add -A && git -c user.name=ci -c user.email=ci@example.invalid commit -q -m "${message}"`);
  expect(result.status, result.stderr).toBe(0);
}

describe("docs/cli.md's GitHub Actions recipe, run on two commits of the example suite", () => {
  beforeAll(() => {
    ensureBuilt();
    installStandIns();
    mkdirSync(repo, { recursive: true });
    expect(sh('git init -q -b main .').status).toBe(0);
    commit(exampleSuite(), 'the nightly suite');
    expect(sh('git checkout -q -b change').status).toBe(0);
    commit(plantedSuite(), 'change the suite');
  });

  it("keeps main's run, compares the pull request's with it, and puts every change in the summary and a comment", () => {
    expect(sh('git checkout -q main').status).toBe(0);
    const main = runJob('push', '1001');
    expect(main.failed).toBeUndefined();
    expect(existsSync(join(artifacts, '1001', 'tier2-main', 'tier2-run.json'))).toBe(true);
    writeFileSync(join(artifacts, 'last-run-id'), '1001\n');

    expect(sh('git checkout -q change && git clean -qfdx -e bin').status).toBe(0);
    const pr = runJob('pull_request', '1002');
    // --fail-on verdicts: an expectation newly fails and two disappear, so the compare step fails the check.
    expect(pr.failed).toMatch(/^compare: exit 1/);
    expect(summaryRows(pr.summary)).toEqual(PLANTED_SUMMARY_ROWS);
    expect(readFileSync(join(artifacts, 'comment.md'), 'utf8')).toBe(pr.summary);
    expect(existsSync(join(artifacts, '1002', 'tier2-diff', 'tier2-diff.html'))).toBe(true);
    // The docs show this very summary.
    expect(blockAfter('The step summary of the planted change above (real output)', 'text')).toBe(pr.summary);
  });

  it("the docs' text example is real output", () => {
    const example = blockAfter('the same on the changed files `--out pr.json`). Real output:', 'console');
    const [command, ...expected] = example.split('\n');
    expect(command).toBe('$ tier2 compare main.json pr.json');
    expect(sh('git checkout -q main').status).toBe(0);
    sh('npx tier2 run suites/nightly.suite.yaml -e suites/nightly.expectations.yaml --out main.json');
    expect(sh('git checkout -q change').status).toBe(0);
    sh('npx tier2 run suites/nightly.suite.yaml -e suites/nightly.expectations.yaml --out pr.json');
    const real = sh('npx tier2 compare main.json pr.json');
    expect(real.status).toBe(1);
    expect(real.stdout).toBe(expected.join('\n'));
  });
});
