// Reads discovery documents (aggregated v2/v2beta1, or the legacy per-group-version lists) and maps
// a typed resource name to its REST mapping the way kubectl's RESTMapper does: plural, singular,
// short name or kind, core group first.
import type { AggregatedGroup as AggGroup, LegacyResource } from '../../apimachinery/discovery-types.js';
import type { ResourceMapping } from '../types.js';

/** A mapping plus the singular name, which kubectl also matches on. */
export interface DiscoveredResource extends ResourceMapping {
  singular: string;
}


function gvPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** Resources from an APIGroupDiscoveryList (/api or /apis, aggregated). Versions in server preference order. */
export function resourcesFromAggregated(doc: unknown): DiscoveredResource[] {
  const items = (doc as { items?: AggGroup[] } | null | undefined)?.items;
  if (!Array.isArray(items)) return [];
  const out: DiscoveredResource[] = [];
  for (const g of items) {
    const group = g.metadata?.name ?? '';
    for (const v of g.versions ?? []) {
      const version = v.version ?? '';
      for (const r of v.resources ?? []) {
        if (!r.resource) continue;
        out.push({
          resource: r.resource,
          kind: r.responseKind?.kind ?? '',
          group,
          version,
          namespaced: r.scope === 'Namespaced',
          verbs: r.verbs ?? [],
          shortNames: r.shortNames ?? [],
          groupVersionPath: gvPath(group, version),
          singular: r.singularResource ?? '',
        });
      }
    }
  }
  return out;
}


/** Resources from one APIResourceList (legacy discovery, e.g. GET /api/v1). */
export function resourcesFromResourceList(doc: unknown): DiscoveredResource[] {
  const d = doc as { groupVersion?: string; resources?: LegacyResource[] } | null | undefined;
  if (typeof d?.groupVersion !== 'string' || !Array.isArray(d.resources)) return [];
  const [group, version] = d.groupVersion.includes('/') ? (d.groupVersion.split('/') as [string, string]) : ['', d.groupVersion];
  return d.resources
    .filter((r) => r.name && !r.name.includes('/'))
    .map((r) => ({
      resource: r.name ?? '',
      kind: r.kind ?? '',
      group,
      version,
      namespaced: r.namespaced === true,
      verbs: r.verbs ?? [],
      shortNames: r.shortNames ?? [],
      groupVersionPath: gvPath(group, version),
      singular: r.singularName ?? '',
    }));
}

/** Group-version paths a legacy /apis (APIGroupList) lists, preferred version first. */
export function groupVersionPathsFromGroupList(doc: unknown): string[] {
  const groups = (doc as { groups?: { name?: string; versions?: { groupVersion?: string }[] }[] } | null | undefined)?.groups;
  if (!Array.isArray(groups)) return [];
  // The core group appears as "" with groupVersion "v1" in kubectl's cached servergroups.json.
  return groups.flatMap((g) => (g.versions ?? []).map((v) => (g.name === '' ? `/api/${v.groupVersion ?? ''}` : `/apis/${v.groupVersion ?? ''}`)));
}

/** kubectl's resolution of what the user typed (case-insensitive): resource, singular, short name, then kind. */
export function resolveResource(typed: string, resources: DiscoveredResource[]): ResourceMapping | null {
  const t = typed.toLowerCase();
  const [name, groupSuffix] = t.includes('.') ? [t.slice(0, t.indexOf('.')), t.slice(t.indexOf('.') + 1)] : [t, null];
  const candidates = resources.filter((r) => groupSuffix === null || r.group === groupSuffix || `${r.version}.${r.group}` === groupSuffix);
  const tests: ((r: DiscoveredResource) => boolean)[] = [
    (r) => r.resource === name,
    (r) => r.singular === name,
    (r) => r.shortNames.includes(name),
    (r) => r.kind.toLowerCase() === name,
  ];
  for (const test of tests) {
    const matches = candidates.filter(test);
    // The core group wins, then the first (preferred) version the server listed.
    const pick = matches.find((m) => m.group === '') ?? matches[0];
    if (pick) {
      const { singular: _singular, ...mapping } = pick;
      return mapping;
    }
  }
  return null;
}

/** The RESTMapper's mapping of a manifest's apiVersion and kind (exact group, version and kind; subresources left out). */
export function resolveKind(apiVersion: string, kind: string, resources: DiscoveredResource[]): ResourceMapping | null {
  const i = apiVersion.indexOf('/');
  const [group, version] = i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
  const pick = resources.find((r) => r.group === group && r.version === version && r.kind === kind && !r.resource.includes('/'));
  if (!pick) return null;
  const { singular: _singular, ...mapping } = pick;
  return mapping;
}
