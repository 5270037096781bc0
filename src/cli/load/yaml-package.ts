/**
 * The `yaml` package, loaded on first use: most suites are plain block YAML
 * (read by yaml-fast.ts) or JSON, and loading the package's seventy-odd
 * CommonJS modules cost about 40 ms of CPU at every start. Its Node entry is
 * CommonJS, so `require` loads it synchronously, as the loader runs.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Alias, Scalar, YAMLMap, YAMLSeq } from 'yaml';

type YamlPackage = typeof Yaml;

let loaded: YamlPackage | undefined;

/** The `yaml` package (loaded once, when the full parse is first needed). */
export function yamlPackage(): YamlPackage {
  loaded ??= createRequire(import.meta.url)('yaml') as YamlPackage;
  return loaded;
}

// The package's node guards, each loading the package on first use.

/** See the `yaml` package's `isAlias`. */
export const isAlias = (node: unknown): node is Alias => yamlPackage().isAlias(node);
/** See the `yaml` package's `isCollection`. */
export const isCollection = (node: unknown): node is YAMLMap | YAMLSeq => yamlPackage().isCollection(node);
/** See the `yaml` package's `isMap`. */
export const isMap = (node: unknown): node is YAMLMap => yamlPackage().isMap(node);
/** See the `yaml` package's `isScalar`. */
export const isScalar = (node: unknown): node is Scalar => yamlPackage().isScalar(node);
/** See the `yaml` package's `isSeq`. */
export const isSeq = (node: unknown): node is YAMLSeq => yamlPackage().isSeq(node);
