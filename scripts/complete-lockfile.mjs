#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages
// (rollup, esbuild, ... binaries for other operating systems) that npm leaves
// out when the registry it reaches does not serve that exact version. Without
// those entries `npm ci` refuses the lockfile as "out of sync". Each missing
// entry is recorded with its required version and its os/cpu/libc
// constraints, so npm skips it on this platform without fetching it.
//
// Run after every `npm install` that changes dependencies:
//   node scripts/complete-lockfile.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

function platformOf(name) {
  let text;
  try {
    text = execFileSync('npm', ['view', name, 'os', 'cpu', 'libc', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    text = error.stdout;
  }
  const meta = JSON.parse(text || '{}');
  return Array.isArray(meta) ? meta[meta.length - 1] : meta;
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = path === '' ? `node_modules/${name}` : `${path}/node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    const platform = platformOf(name);
    const record = { version };
    for (const key of ['cpu', 'os', 'libc']) if (platform[key]) record[key] = platform[key];
    if (!record.os && !record.cpu) {
      console.warn(`skipped ${name}: no os/cpu constraint known, so it is not a platform binary`);
      continue;
    }
    record.optional = true;
    packages[`node_modules/${name}`] = record;
    added += 1;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
lock.packages = sorted;
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
