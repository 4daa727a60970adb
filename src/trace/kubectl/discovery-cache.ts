// kubectl's discovery cache on disk (~/.kube/cache/discovery/<host>/): servergroups.json (an
// APIGroupList) and one serverresources.json (an APIResourceList) per group-version, fresh for six
// hours. kubectl reads it instead of asking when it is fresh, and writes it after it asked — kube-trace
// does both the same way, so kubectl and kube-trace share one cache as two kubectl runs would. The
// files are the shapes client-go's CachedDiscoveryClient writes (read off a real one), with its modes.
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AggregatedGroup as AggGroup } from '../../apimachinery/discovery-types.js';


interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

export interface DiscoveryCacheFiles {
  servergroups: unknown;
  /** By group-version ("v1", "apps/v1"). */
  resources: Map<string, unknown>;
}

function groupsOf(doc: unknown): AggGroup[] {
  const items = (doc as { items?: unknown } | null | undefined)?.items;
  return Array.isArray(items) ? (items as AggGroup[]) : [];
}

/** What client-go caches from aggregated discovery (/api and /apis documents). */
export function cacheFilesFromAggregated(api: unknown, apis: unknown): DiscoveryCacheFiles {
  const groups: unknown[] = [];
  const resources = new Map<string, unknown>();
  for (const g of [...groupsOf(api), ...groupsOf(apis)]) {
    const name = g.metadata?.name ?? '';
    const versions = (g.versions ?? []).map((v) => v.version ?? '').filter((v) => v !== '');
    if (versions.length === 0) continue;
    const gv = (v: string): string => (name === '' ? v : `${name}/${v}`);
    groups.push({ name, versions: versions.map((v) => ({ groupVersion: gv(v), version: v })), preferredVersion: { groupVersion: gv(versions[0] ?? ''), version: versions[0] } });
    for (const v of g.versions ?? []) {
      const list: ApiResource[] = [];
      for (const r of v.resources ?? []) {
        if (!r.resource) continue;
        const base: ApiResource = { name: r.resource, singularName: r.singularResource ?? '', namespaced: r.scope === 'Namespaced', kind: r.responseKind?.kind ?? '', verbs: r.verbs ?? [] };
        if (r.shortNames && r.shortNames.length > 0) base.shortNames = r.shortNames;
        if (r.categories && r.categories.length > 0) base.categories = r.categories;
        list.push(base);
        for (const s of r.subresources ?? []) {
          if (!s.subresource) continue;
          list.push({ name: `${r.resource}/${s.subresource}`, singularName: r.singularResource ?? '', namespaced: r.scope === 'Namespaced', kind: s.responseKind?.kind ?? '', verbs: s.verbs ?? [] });
        }
      }
      resources.set(gv(v.version ?? ''), { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv(v.version ?? ''), resources: list });
    }
  }
  return { servergroups: { kind: 'APIGroupList', apiVersion: 'v1', groups }, resources };
}

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o660 });
  chmodSync(tmp, 0o660);
  renameSync(tmp, path);
}

/** Writes the cache as kubectl would after asking; a cache that cannot be written is left as it is. */
export function writeDiscoveryCache(dir: string, files: DiscoveryCacheFiles): boolean {
  try {
    for (const [gv, list] of files.resources) writeAtomic(join(dir, gv, 'serverresources.json'), JSON.stringify(list));
    // servergroups.json last: its age is what makes the cache fresh.
    writeAtomic(join(dir, 'servergroups.json'), JSON.stringify(files.servergroups));
    return true;
  } catch {
    return false;
  }
}
