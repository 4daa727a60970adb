// Version scopes: a lesson part that holds only for some kube-apiserver or kubectl versions says so
// (`applies_to: { server: ">=1.31" }`, or a "::: server >=1.31" block in the text). Ranges are npm
// semver ranges read at minor granularity: ">=1.31 <1.34" is 1.31.0 up to, not including, 1.34.0.
// Versions as Kubernetes prints them ("v1.33.3", "v1.30.4-gke.1200", "1.28") are read by their
// major.minor.patch; vendor suffixes do not count as pre-releases.

import coerce from 'semver/functions/coerce.js';
import satisfies from 'semver/functions/satisfies.js';
import Range from 'semver/classes/range.js';
import minVersion from 'semver/ranges/min-version.js';
import validRange from 'semver/ranges/valid.js';

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

/** "1.33.3" from "v1.33.3-gke.1200"; null when there is no version in it. */
export function normaliseVersion(version: string | null | undefined): string | null {
  if (version === null || version === undefined) return null;
  return coerce(version)?.version ?? null;
}

/** Why a range cannot be used, or null when it can. */
export function rangeProblem(range: string): string | null {
  if (range.trim() === '') return 'is empty: write a range such as ">=1.31" or ">=1.28 <1.31"';
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
    else if (!satisfies(version, range)) return 'no';
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
  const parsed = new Range(range);
  return `${NAMES[of]} ${parsed.set.map((s) => setLabel(s)).join(' or ')}`;
}

/** A whole scope in words: "kube-apiserver ≥ 1.31, kubectl < 1.30". */
export function scopeLabel(scope: AppliesTo): string {
  return (['server', 'kubectl'] as const)
    .filter((of) => scope[of] !== undefined)
    .map((of) => rangeLabel(of, scope[of] as string))
    .join(', ');
}
