// Version scopes: a lesson part that holds only for some kube-apiserver or kubectl versions says so
// (`applies_to: { server: ">=1.31" }`, or a "::: server >=1.31" block in the text). Ranges are npm
// semver ranges read at minor granularity: ">=1.31 <1.34" is 1.31.0 up to, not including, 1.34.0.
// Versions as Kubernetes prints them ("v1.33.3", "v1.30.4-gke.1200", "1.28") are read by their
// major.minor.patch; vendor suffixes do not count as pre-releases.

import * as kubeTraceNodeModule from 'node:module';
import type Range from 'semver/classes/range.js';
import type minVersion from 'semver/ranges/min-version.js';
import type satisfies from 'semver/functions/satisfies.js';
import type validRange from 'semver/ranges/valid.js';

interface SemverParts {
  Range: typeof Range;
  minVersion: typeof minVersion;
  satisfies: typeof satisfies;
  validRange: typeof validRange;
}

let semverParts: SemverParts | undefined;

/**
 * The parts of semver used here, loaded on first use: only a lesson with a version scope needs
 * them (semver builds some forty regular expressions when it loads). In the bundle esbuild inlines
 * them behind these require() calls, evaluated on the first call; from source Node's require loads them.
 */
function semver(): SemverParts {
  if (semverParts === undefined) {
    const load = typeof require === 'function' ? null : kubeTraceNodeModule.createRequire(import.meta.url);
    /* eslint-disable @typescript-eslint/no-require-imports -- synchronous and lazy on purpose: esbuild inlines these in the bundle (see above) */
    semverParts = {
      Range: (load === null ? require('semver/classes/range.js') : load('semver/classes/range.js')) as typeof Range,
      minVersion: (load === null ? require('semver/ranges/min-version.js') : load('semver/ranges/min-version.js')) as typeof minVersion,
      satisfies: (load === null ? require('semver/functions/satisfies.js') : load('semver/functions/satisfies.js')) as typeof satisfies,
      validRange: (load === null ? require('semver/ranges/valid.js') : load('semver/ranges/valid.js')) as typeof validRange,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  }
  return semverParts;
}

/** Which program a range is about. */
export type VersionOf = 'server' | 'kubectl';

/** The version ranges a part of a lesson holds for; a missing key means "any version". */
export interface AppliesTo {
  server?: string;
  kubectl?: string;
}

/** The versions of this run; a missing or unparsable one is unknown. */
export interface RunVersions {
  server?: string | null;
  kubectl?: string | null;
}

/** Whether a scoped part holds for this run: 'unknown' when a version it depends on is not known. */
export type Holds = 'yes' | 'no' | 'unknown';

const NAMES: Record<VersionOf, string> = { server: 'kube-apiserver', kubectl: 'kubectl' };

/** "1.33.3" from "v1.33.3-gke.1200" (as semver's coerce reads it); null when there is no version in it. */
export function normaliseVersion(version: string | null | undefined): string | null {
  if (version === null || version === undefined) return null;
  const m = /(?:^|[^\d.])v?(\d{1,16})(?:\.(\d{1,16}))?(?:\.(\d{1,16}))?(?![\d])/.exec(version);
  if (m === null) return null;
  return `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}`;
}

/** Why a range cannot be used, or null when it can. */
export function rangeProblem(range: string): string | null {
  if (range.trim() === '') return 'is empty: write a range such as ">=1.31" or ">=1.28 <1.31"';
  const { validRange, minVersion } = semver();
  if (validRange(range) === null) return `"${range}" is not a version range (write e.g. ">=1.31", "<1.30" or ">=1.28 <1.31")`;
  if (validRange(range) === '*') return `"${range}" holds for every version: leave the scope out`;
  if (minVersion(range) === null) return `"${range}" holds for no version`;
  return null;
}

/** Why a captured cluster's version cannot be used as a label ("v1.28.7"), or null. */
export function capturedVersionProblem(version: string): string | null {
  return /^v?\d+\.\d+(\.\d+)?$/.test(version.trim()) ? null : `"${version}" is not a version such as v1.28.7`;
}

/** Whether the run's versions fall in every range of the scope. */
export function holds(scope: AppliesTo, versions: RunVersions): Holds {
  let unknown = false;
  for (const of of ['server', 'kubectl'] as const) {
    const range = scope[of];
    if (range === undefined) continue;
    const version = normaliseVersion(versions[of]);
    if (version === null) unknown = true;
    else if (!semver().satisfies(version, range)) return 'no';
  }
  return unknown ? 'unknown' : 'yes';
}

/** "1.31" from "1.31.0", "1.31.2" as it is. */
function short(version: string): string {
  return version.replace(/-0$/, '').replace(/^(\d+\.\d+)\.0$/, '$1');
}

const SIGNS: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '': '=' };

/** One comparator set in words: "≥ 1.31", "1.31–1.33", "< 1.30", "1.33". */
function setLabel(set: readonly { operator: string; semver: { version: string; major: number; minor: number; patch: number } }[]): string {
  const lower = set.find((c) => c.operator === '>=');
  const upper = set.find((c) => c.operator === '<');
  // ">=1.31.0 <1.34.0-0" is every 1.31, 1.32 and 1.33 release.
  if (set.length === 2 && lower !== undefined && upper !== undefined && lower.semver.patch === 0 && upper.semver.patch === 0 && upper.semver.minor > 0 && upper.semver.major === lower.semver.major) {
    const last = `${upper.semver.major}.${upper.semver.minor - 1}`;
    const first = short(lower.semver.version);
    return first === last ? first : `${first}–${last}`;
  }
  return set.map((c) => `${SIGNS[c.operator] ?? c.operator} ${short(c.semver.version)}`.trim()).join(', ');
}

/** A range in words for one program: "kube-apiserver ≥ 1.31", "kubectl 1.26–1.29". */
export function rangeLabel(of: VersionOf, range: string): string {
  const parsed = new (semver().Range)(range);
  return `${NAMES[of]} ${parsed.set.map((s) => setLabel(s)).join(' or ')}`;
}

/** A whole scope in words: "kube-apiserver ≥ 1.31, kubectl < 1.30". */
export function scopeLabel(scope: AppliesTo): string {
  return (['server', 'kubectl'] as const)
    .filter((of) => scope[of] !== undefined)
    .map((of) => rangeLabel(of, scope[of] as string))
    .join(', ');
}
