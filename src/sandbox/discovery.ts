// Discovery: /api, /apis (plain or aggregated, negotiated by Accept: v1.28 serves aggregated discovery
// as apidiscovery.k8s.io/v2beta1 only, v1.33 as v2 only; an Accept that names only the other one gets
// 406, an Accept that also allows plain JSON gets the plain document), /api/v1, /apis/<group>[/<version>].

import { createHash } from 'node:crypto';

/** The documents one server version serves (each trimmed to what the sandbox stores). */
export interface DiscoveryData {
  aggregatedCoreGroup: Record<string, unknown>;
  aggregatedGroups: Record<string, unknown>[];
  apiGroupList: Record<string, unknown>;
  coreV1ResourceList: Record<string, unknown>;
}

export type AggregatedDiscoveryVersion = 'v2beta1' | 'v2';

export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || header.trim() === '') return [];
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((x) => x.trim());
    return {
      type: (type ?? '').toLowerCase(),
      params: Object.fromEntries(params.filter((p) => p.includes('=')).map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).trim()])),
    };
  });
}

export function isJsonRange(m: MediaRange): boolean {
  return m.type === 'application/json' || m.type === '*/*' || m.type === 'application/*';
}

export function aggregatedContentType(v: AggregatedDiscoveryVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;
}
export const NOT_ACCEPTABLE_MESSAGE = 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf';

/** 'aggregated' | 'plain' | null (406): the first acceptable media range wins, as kube's negotiation does. */
export function negotiateDiscovery(accept: string | undefined, served: AggregatedDiscoveryVersion): 'aggregated' | 'plain' | null {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return 'plain';
  for (const m of ranges) {
    if (!isJsonRange(m)) continue;
    if (m.params['as'] === 'APIGroupDiscoveryList' && m.params['g'] === 'apidiscovery.k8s.io') {
      if (m.params['v'] === served) return 'aggregated';
      continue; // the other aggregated version is not served by this server version
    }
    if (m.params['as'] === undefined) return 'plain';
  }
  return null;
}

export function aggregatedDocument(data: DiscoveryData, which: 'api' | 'apis', v: AggregatedDiscoveryVersion): Record<string, unknown> {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${v}`,
    metadata: {},
    items: which === 'api' ? [data.aggregatedCoreGroup] : data.aggregatedGroups,
  };
}

/** kube's discovery ETag: a hash of the served document, quoted. */
export function etagOf(body: string): string {
  return `"${createHash('sha512').update(body).digest('hex').toUpperCase()}"`;
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function apiGroupList(data: DiscoveryData): Record<string, unknown> {
  return data.apiGroupList;
}

export function coreResourceList(data: DiscoveryData): Record<string, unknown> {
  return data.coreV1ResourceList;
}

interface AggregatedResource {
  resource: string;
  responseKind?: { kind?: string };
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: { subresource: string; responseKind?: { kind?: string }; verbs?: string[] }[];
}

interface AggregatedGroup {
  metadata: { name?: string };
  versions: { version: string; resources: AggregatedResource[] }[];
}

function groups(data: DiscoveryData): AggregatedGroup[] {
  return data.aggregatedGroups as unknown as AggregatedGroup[];
}

export function apiGroup(data: DiscoveryData, name: string): Record<string, unknown> | undefined {
  const g = groups(data).find((x) => x.metadata.name === name);
  if (!g) return undefined;
  const versions = g.versions.map((v) => ({ groupVersion: `${name}/${v.version}`, version: v.version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name, versions, preferredVersion: versions[0] };
}

/** An APIResourceList for /apis/<group>/<version>, derived from the aggregated document. */
export function groupResourceList(data: DiscoveryData, name: string, version: string): Record<string, unknown> | undefined {
  const v = groups(data).find((x) => x.metadata.name === name)?.versions.find((x) => x.version === version);
  if (!v) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const r of v.resources) {
    const e: Record<string, unknown> = { name: r.resource, singularName: r.singularResource ?? '', namespaced: r.scope === 'Namespaced', kind: r.responseKind?.kind ?? '', verbs: r.verbs ?? [] };
    if (r.shortNames) e['shortNames'] = r.shortNames;
    if (r.categories) e['categories'] = r.categories;
    resources.push(e);
    for (const sub of r.subresources ?? []) {
      resources.push({ name: `${r.resource}/${sub.subresource}`, singularName: '', namespaced: r.scope === 'Namespaced', kind: sub.responseKind?.kind ?? '', verbs: sub.verbs ?? [] });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${name}/${version}`, resources };
}

/** One custom resource as apiextensions-apiserver lists it in discovery (what CustomResourceDefinitions add). */
export interface CustomResourceDiscovery {
  group: string;
  version: string;
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  verbs: readonly string[];
  shortNames: readonly string[];
  categories: readonly string[];
  subresources: readonly string[];
}

/** The discovery documents with the custom resources' groups added after the built-in ones (a CRD group's APIService ranks last). */
export function withCustomResources(data: DiscoveryData, custom: readonly CustomResourceDiscovery[]): DiscoveryData {
  if (custom.length === 0) return data;
  const groups = new Map<string, Map<string, Record<string, unknown>[]>>();
  for (const c of custom) {
    const versions = groups.get(c.group) ?? new Map<string, Record<string, unknown>[]>();
    groups.set(c.group, versions);
    const resources = versions.get(c.version) ?? [];
    versions.set(c.version, resources);
    const gvk = { group: c.group, version: c.version, kind: c.kind };
    const entry: Record<string, unknown> = { resource: c.resource, responseKind: gvk, scope: c.namespaced ? 'Namespaced' : 'Cluster', singularResource: c.singular, verbs: [...c.verbs] };
    if (c.shortNames.length > 0) entry['shortNames'] = [...c.shortNames];
    if (c.categories.length > 0) entry['categories'] = [...c.categories];
    const subs = c.subresources.map((s) => (s === 'scale'
      ? { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] }
      : { subresource: s, responseKind: gvk, verbs: ['get', 'patch', 'update'] }));
    if (subs.length > 0) entry['subresources'] = subs;
    resources.push(entry);
  }
  const aggregated: Record<string, unknown>[] = [];
  const plain: Record<string, unknown>[] = [];
  for (const [group, versions] of groups) {
    aggregated.push({ metadata: { name: group, creationTimestamp: null }, versions: [...versions].map(([version, resources]) => ({ version, resources, freshness: 'Current' })) });
    const gvs = [...versions.keys()].map((version) => ({ groupVersion: `${group}/${version}`, version }));
    plain.push({ name: group, versions: gvs, preferredVersion: gvs[0] });
  }
  const groupList = data.apiGroupList as { groups?: unknown[] };
  return {
    ...data,
    aggregatedGroups: [...data.aggregatedGroups, ...aggregated],
    apiGroupList: { ...data.apiGroupList, groups: [...(groupList.groups ?? []), ...plain] },
  };
}
