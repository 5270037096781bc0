/**
 * The one place the CLI's sharding commands write a file (a part, or merged
 * JUnit), so how files are written can change in one place.
 */
import { writeFileSync } from 'node:fs';

/** Writes `text` (UTF-8) to `file`, replacing it. */
export function writeOutputFile(file: string, text: string): void {
  writeFileSync(file, text);
}
