/** The runner functions `describeSuite` registers tests with, and what a test receives from them. */
import { DefinitionError } from '../data/errors.js';

/** A test function as Vitest and Jest call it. */
export type TestBody = () => void | Promise<void>;

/** The runner functions `describeSuite` registers tests with: Vitest's or Jest's `describe` and `it`. */
export interface TestApi {
  readonly describe: (name: string, body: () => void) => void;
  readonly it: (name: string, body: TestBody) => void;
}

/** `describe` and `it` from the options, else from the runner's globals; neither is a definition error saying how to pass them. */
export function resolveTestApi(options: { readonly describe?: unknown; readonly it?: unknown }): TestApi {
  const globals = globalThis as { describe?: unknown; it?: unknown };
  const describe = options.describe ?? globals.describe;
  const it = options.it ?? globals.it;
  if (typeof describe !== 'function' || typeof it !== 'function') {
    throw new DefinitionError({
      code: 'missing_field',
      subject: 'describeSuite',
      segments: ['options'],
      placeInProblem: true,
      problem:
        "no describe/it to register tests with: pass them, e.g. describeSuite(suite, expectations, { describe, it }) with describe and it imported from 'vitest' or '@jest/globals', or enable the runner's globals",
    });
  }
  return { describe: describe as TestApi['describe'], it: it as TestApi['it'] };
}

/** The `meta` object of the test whose context Vitest passes as the first argument; Jest passes none. */
export function metaOf(args: readonly unknown[]): Record<string, unknown> | undefined {
  const task = (args[0] as { task?: { meta?: unknown } } | undefined)?.task;
  return typeof task?.meta === 'object' && task.meta !== null ? (task.meta as Record<string, unknown>) : undefined;
}
