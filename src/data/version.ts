/**
 * The version of this copy of the package, as package.json says it. The build
 * (tsup.config.ts) writes package.json's version in as a literal: a published
 * copy never reads a file to know it, and no two releases can share one.
 * Run from the sources unbuilt (Vitest, ts-jest and tsx in this repository),
 * the copy uses {@link SOURCE_VERSION}, which test/data/brand.test.ts keeps
 * equal to package.json's: the sources and the build of one commit are one
 * version (the CLI built in dist/ runs a `--missions` module that tsx compiles
 * against the sources).
 *
 * @internal Not part of the public API.
 */
declare const __TIER2_VERSION__: string | undefined;

/** package.json's version, for a copy run from the sources unbuilt. */
export const SOURCE_VERSION = '0.1.0';

/** This copy's package version. */
export const VERSION: string = typeof __TIER2_VERSION__ === 'string' ? __TIER2_VERSION__ : SOURCE_VERSION;
