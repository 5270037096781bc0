/**
 * `--missions <module>`: the user's mission registry, imported from their
 * project (JavaScript with Node's `import()`, TypeScript through tsx).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MISSION_REGISTRY, MissionRegistry } from '../runtime/registry.js';
import { thrownText } from '../data/describe-thrown.js';
import { UsageError } from './args.js';

/** File names `--missions` loads through tsx: TypeScript, which Node 20 cannot import itself. */
const TYPESCRIPT_MODULE = /\.(?:ts|mts|cts)$/i;

/**
 * Imports a `--missions` module: JavaScript with Node's `import()`,
 * TypeScript through tsx's `tsImport` (an optional peer dependency, loaded
 * only here and only from the user's project).
 */
async function importMissions(module: string): Promise<Record<string, unknown>> {
  const path = resolve(module);
  if (!existsSync(path)) throw new UsageError(`--missions: no such file '${module}'`);
  const url = pathToFileURL(path).href;
  if (!TYPESCRIPT_MODULE.test(path)) return (await import(url)) as Record<string, unknown>;
  let tsx: { tsImport: (specifier: string, parentURL: string) => Promise<unknown> };
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    throw new UsageError(
      `--missions: '${module}' is TypeScript; install tsx beside tier2-harness (npm i -D tsx) so the CLI can load it, or compile it to JavaScript and pass the .js file`,
    );
  }
  return (await tsx.tsImport(url, import.meta.url)) as Record<string, unknown>;
}

/**
 * The registry of a `--missions` module (its default export or `registry`),
 * or the built-in missions when no module is given.
 *
 * @throws UsageError when the module is missing, fails to import, or exports no registry.
 */
export async function loadRegistry(module: string | undefined): Promise<MissionRegistry> {
  if (module === undefined) return MISSION_REGISTRY;
  let loaded: Record<string, unknown>;
  try {
    loaded = await importMissions(module);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--missions: cannot import '${module}': ${thrownText(error)}`);
  }
  const registry = loaded.registry ?? loaded.default;
  if (!MissionRegistry.isMissionRegistry(registry)) {
    throw new UsageError(`--missions: '${module}' must export a mission registry (made with createRegistry) as its default export or as 'registry'`);
  }
  return registry;
}
