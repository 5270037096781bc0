/**
 * The expectation verdicts of two result files, matched by expectation id:
 * which newly fail, newly pass, were added or removed, or changed otherwise.
 */
import type { Comparison, VerdictChange } from './model.js';
import type { ResultFile, VerdictEntry } from './read-result.js';
import { fieldChanges } from './field-changes.js';

type Verdicts = { -readonly [K in keyof Comparison['verdicts']]: K extends 'unchanged' ? number : VerdictChange[] };

/** The fields of two verdicts that differ, and of their definitions (under `definition.`) when both files record them. */
function verdictFields(baseline: VerdictEntry, candidate: VerdictEntry): VerdictChange['fields'] {
  const before = baseline.load();
  const after = candidate.load();
  const fields = fieldChanges(before.verdict, after.verdict);
  if (before.definition === undefined || after.definition === undefined) return fields;
  return [...fieldChanges(before.definition, after.definition, ['definition']), ...fields];
}

function entry(id: string, baseline: VerdictEntry | undefined, candidate: VerdictEntry | undefined, fields: VerdictChange['fields']): VerdictChange {
  return {
    id,
    scenario: candidate?.scenario ?? baseline?.scenario ?? null,
    baseline: baseline?.status() ?? null,
    candidate: candidate?.status() ?? null,
    fields,
  };
}

/** Which list a verdict that both files have goes to, or undefined when it did not change. */
function category(baseline: VerdictEntry, candidate: VerdictEntry): 'newly_failing' | 'newly_passing' | 'changed' {
  const [before, after] = [baseline.status(), candidate.status()];
  if (before === 'passed' && after !== 'passed') return 'newly_failing';
  if (before !== 'passed' && after === 'passed') return 'newly_passing';
  return 'changed';
}

/** Compares the verdicts of two result files. */
export function compareVerdicts(baseline: ResultFile, candidate: ResultFile): Verdicts {
  const found: Verdicts = { unchanged: 0, newly_failing: [], newly_passing: [], added: [], removed: [], changed: [] };
  for (const [id, after] of candidate.verdicts) {
    const before = baseline.verdicts.get(id);
    if (before === undefined) {
      found.added.push(entry(id, undefined, after, []));
      continue;
    }
    if (before.digest === after.digest) {
      found.unchanged += 1;
      continue;
    }
    const fields = verdictFields(before, after);
    if (fields.length === 0 && before.status() === after.status()) found.unchanged += 1;
    else found[category(before, after)].push(entry(id, before, after, fields));
  }
  for (const [id, before] of baseline.verdicts) {
    if (!candidate.verdicts.has(id)) found.removed.push(entry(id, before, undefined, []));
  }
  return found;
}
