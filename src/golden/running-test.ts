/**
 * Which test is calling `toMatchRunHash`, as far as the runner tells: before
 * Vitest 4 a matcher is given the name of the test that started last, so
 * while concurrent tests run, the name cannot be trusted. This module reads
 * Vitest's worker state (the tests running now) to tell when that is so.
 */

/** What the check reads of a matcher's context (Vitest's and Jest's both have these). */
export interface TestNameContext {
  readonly currentTestName?: string | undefined;
  readonly currentConcurrentTestName?: (() => string | undefined) | undefined;
}

/** The part of a Vitest task the concurrency check reads. */
interface VitestTaskLike {
  readonly type?: string;
  readonly name?: string;
  readonly concurrent?: boolean;
  readonly filepath?: string;
  readonly suite?: VitestTaskLike;
  readonly file?: VitestTaskLike;
  readonly tasks?: readonly VitestTaskLike[];
  readonly result?: { readonly state?: string };
}

/** The tests of a Vitest file task that are running now. */
function runningTests(task: VitestTaskLike, found: VitestTaskLike[] = []): VitestTaskLike[] {
  if (task.type === 'test' && task.result?.state === 'run') found.push(task);
  for (const child of task.tasks ?? []) runningTests(child, found);
  return found;
}

function isConcurrent(task: VitestTaskLike): boolean {
  for (let current: VitestTaskLike | undefined = task; current !== undefined && current.filepath === undefined; current = current.suite) {
    if (current.concurrent === true) return true;
  }
  return false;
}

/** A Vitest test's name as its runner gives it to matchers: suite and test titles joined with ' > '. */
function vitestName(test: VitestTaskLike): string {
  const titles: string[] = [];
  for (let current: VitestTaskLike | undefined = test; current !== undefined && current.filepath === undefined; current = current.suite)
    titles.unshift(current.name ?? '');
  return titles.join(' > ');
}

/**
 * Why the test name cannot be trusted here, if it cannot. Before Vitest 4 a
 * matcher is given the name of the test that *started last*, not of the test
 * whose `expect` was called (even the test-context `expect`), so while
 * concurrent tests run an entry could be read or written under another test's
 * name. Vitest 4 puts the calling test on the context (`task`) and Jest gives
 * `currentConcurrentTestName`; Vitest 3 is recognised by its worker state,
 * which lists the tests running now.
 */
export function concurrentNameLimit(context: TestNameContext): string | undefined {
  if ('task' in context || typeof context.currentConcurrentTestName === 'function') return undefined;
  const current = (globalThis as { __vitest_worker__?: { current?: VitestTaskLike } }).__vitest_worker__?.current;
  const file = current?.file ?? current;
  if (file === undefined) return undefined;
  const running = runningTests(file);
  if (!running.some(isConcurrent)) return undefined;
  if (running.length === 1 && vitestName(running[0] as VitestTaskLike) === context.currentTestName) return undefined;
  return `cannot pin a result while concurrent tests run (test.concurrent, describe.concurrent, sequence.concurrent) on this Vitest version: before Vitest 4, a matcher is told the name of the test that started last ('${context.currentTestName ?? ''}'), not of the test that called expect, so the entry could be another test's. Run the tests that pin results sequentially, or upgrade to Vitest 4, which tells concurrent tests apart.`;
}
