/**
 * The texts of paths, in one place. Two kinds of path are shown:
 * - a location in an input (`steps[1].payload["a b"]`), by {@link formatPath}, in error
 *   messages and `DefinitionError.path` / `ConfigError.location`;
 * - an expectation's path into a result, as its author wrote it (a dot-separated string,
 *   or a list of segments), by {@link expectationPathText} (reports: a list as JSON, so
 *   `['a.b', 'c']` stays unambiguous) or {@link dottedPath} (short titles and tables);
 *   where the empty path (the whole result) would show as nothing, by
 *   {@link expectationPathLabel} (the CLI's report) or {@link dottedPathLabel} (test titles).
 *
 * Internal: the runtime, the CLI, the matchers, the fast-check helpers and the HTML reports' browser scripts
 * (src/report/browser/, bundled into the page) import it; it is not a public entry. It imports nothing, so it runs
 * in a browser as it is.
 */

/** A step in a path through data: a property name or a list index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Renders `['steps', 1, 'payload', 'a b']` as `steps[1].payload["a b"]`; `[]` is `''`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** An expectation's path as written: a string as it is, a list of segments as JSON (`["a.b","c"]`). */
export function expectationPathText(path: string | readonly string[]): string {
  return typeof path === 'string' ? path : JSON.stringify(path);
}

/** An expectation's path for reports: {@link expectationPathText}, and `'' (the whole result)` for the empty path. */
export function expectationPathLabel(path: string | readonly string[]): string {
  return path === '' ? "'' (the whole result)" : expectationPathText(path);
}

/** An expectation's path (or a divergence's segments) joined with dots: `final_state.count`. */
export function dottedPath(path: string | readonly PathSegment[]): string {
  return typeof path === 'string' ? path : path.join('.');
}

/** {@link dottedPath}, with the empty path named: `(whole result)`. */
export function dottedPathLabel(path: string | readonly PathSegment[]): string {
  return dottedPath(path) || '(whole result)';
}
