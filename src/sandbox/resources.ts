// The sandbox's resource registry: per resource its group, version, kind, plural, singular, short names,
// scope, verbs, etcd key prefix, Table printer and field selectors. The built-in resources are exactly
// those the imitated kube-apiserver's discovery lists (derived from its captured discovery documents, so
// what discovery advertises is what the sandbox serves); a CustomResourceDefinition adds its custom
// resources (apiextensions-apiserver serves them from the CRD's spec). Reads (get, list, watch, paging,
// selectors) and the storage keys are the same code for every resource, driven by this registry.

import type { AggregatedResource } from '../apimachinery/discovery-types.js';
import { storagePrefix } from '../apimachinery/storage-keys.js';
import type { DiscoveryData } from './discovery.js';
import { CREATION_TIMESTAMP_DOC } from './printers/columns.js';
import { printerFor, type PrinterName } from './printers/kinds.js';


export type KubeObject = Record<string, unknown>;

/** One additionalPrinterColumn of a CRD version (apiextensions.k8s.io/v1 CustomResourceColumnDefinition). */
export interface CrdColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  jsonPath: string;
}

export interface ResourceDef {
  resource: string;
  group: string; // '' = core
  version: string;
  kind: string;
  listKind: string;
  singular: string;
  shortNames: readonly string[];
  categories: readonly string[];
  namespaced: boolean;
  /** Discovery's verbs, e.g. ["create","delete",…,"watch"]; reads the verbs lack are 405. */
  verbs: readonly string[];
  /** Subresource names discovery lists (e.g. "status", "log"). */
  subresources: readonly string[];
  /** etcd key prefix, with a trailing slash (pods are /registry/pods/<ns>/<name>, nodes /registry/minions/<name>). */
  prefix: string;
  /** Which compiled-in Table printer renders it (null: a CRD's columns, or kube's default Name/Created At table). */
  printer: PrinterName | null;
  /** A custom resource's additionalPrinterColumns (its default Age column when it names none); null for built-ins. */
  printerColumns: readonly CrdColumn[] | null;
  fieldLabels: readonly string[];
  fields(obj: KubeObject): Record<string, string>;
}

function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- kube types these fields as strings; a number or boolean from a hand-written objects file reads as String() gives it
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function strings(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string');
}

const META_FIELDS = ['metadata.name', 'metadata.namespace'] as const;

function metaFields(obj: KubeObject): Record<string, string> {
  const m = rec(obj['metadata']);
  return { 'metadata.name': str(m['name']), 'metadata.namespace': str(m['namespace']) };
}

interface FieldSet {
  labels: readonly string[];
  fields: (obj: KubeObject) => Record<string, string>;
}

/** Pods: pkg/registry/core/pod/strategy.go ToSelectableFields. */
const POD_FIELDS: FieldSet = {
  labels: [...META_FIELDS, 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  fields: (obj) => {
    const spec = rec(obj['spec']);
    const status = rec(obj['status']);
    const podIPs = arr(status['podIPs']).map((p) => str(rec(p)['ip']));
    return {
      ...metaFields(obj),
      'spec.nodeName': str(spec['nodeName']),
      'spec.restartPolicy': str(spec['restartPolicy']),
      'spec.schedulerName': str(spec['schedulerName']),
      'spec.serviceAccountName': str(spec['serviceAccountName']),
      'spec.hostNetwork': spec['hostNetwork'] === true ? 'true' : 'false',
      'status.phase': str(status['phase']),
      'status.podIP': podIPs[0] ?? str(status['podIP']),
      'status.podIPs': podIPs[0] ?? '',
      'status.nominatedNodeName': str(status['nominatedNodeName']),
    };
  },
};

/** The registries' extra selectable fields (each registry's GetAttrs / ToSelectableFields). */
const FIELD_SETS: Record<string, FieldSet> = {
  '/pods': POD_FIELDS,
  '/namespaces': { labels: [...META_FIELDS, 'status.phase'], fields: (o) => ({ ...metaFields(o), 'status.phase': str(rec(o['status'])['phase']) }) },
  '/nodes': { labels: [...META_FIELDS, 'spec.unschedulable'], fields: (o) => ({ ...metaFields(o), 'spec.unschedulable': rec(o['spec'])['unschedulable'] === true ? 'true' : 'false' }) },
  '/secrets': { labels: [...META_FIELDS, 'type'], fields: (o) => ({ ...metaFields(o), type: str(o['type']) }) },
  '/replicationcontrollers': { labels: [...META_FIELDS, 'status.replicas'], fields: (o) => ({ ...metaFields(o), 'status.replicas': str(rec(o['status'])['replicas'] ?? 0) }) },
  'apps/replicasets': { labels: [...META_FIELDS, 'status.replicas'], fields: (o) => ({ ...metaFields(o), 'status.replicas': str(rec(o['status'])['replicas'] ?? 0) }) },
  'batch/jobs': { labels: [...META_FIELDS, 'status.successful'], fields: (o) => ({ ...metaFields(o), 'status.successful': str(rec(o['status'])['succeeded'] ?? 0) }) },
  '/events': {
    labels: [...META_FIELDS, 'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
    fields: (o) => {
      const io = rec(o['involvedObject']);
      return {
        ...metaFields(o),
        'involvedObject.kind': str(io['kind']), 'involvedObject.namespace': str(io['namespace']), 'involvedObject.name': str(io['name']), 'involvedObject.uid': str(io['uid']),
        'involvedObject.apiVersion': str(io['apiVersion']), 'involvedObject.resourceVersion': str(io['resourceVersion']), 'involvedObject.fieldPath': str(io['fieldPath']),
        reason: str(o['reason']), reportingComponent: str(o['reportingComponent']), source: str(rec(o['source'])['component']), type: str(o['type']),
      };
    },
  },
};

const DEFAULT_FIELDS: FieldSet = { labels: META_FIELDS, fields: metaFields };

function builtIn(group: string, version: string, r: AggregatedResource): ResourceDef {
  const resource = r.resource ?? '';
  const kind = r.responseKind?.kind ?? '';
  const fieldSet = FIELD_SETS[`${group}/${resource}`] ?? DEFAULT_FIELDS;
  return {
    resource, group, version, kind, listKind: `${kind}List`,
    singular: r.singularResource ?? '',
    shortNames: r.shortNames ?? [],
    categories: r.categories ?? [],
    namespaced: r.scope === 'Namespaced',
    verbs: r.verbs ?? [],
    subresources: (r.subresources ?? []).map((s) => s.subresource ?? ''),
    prefix: `${storagePrefix(group, resource)}/`,
    printer: printerFor(group, resource),
    printerColumns: null,
    fieldLabels: fieldSet.labels,
    fields: fieldSet.fields,
  };
}

function groupsOf(data: DiscoveryData): { group: string; versions: { version: string; resources: AggregatedResource[] }[] }[] {
  const all = [{ ...data.aggregatedCoreGroup, metadata: { name: '' } }, ...data.aggregatedGroups];
  return all.map((g) => ({
    group: str(rec(rec(g)['metadata'])['name']),
    versions: arr(rec(g)['versions']).map((v) => ({ version: str(rec(v)['version']), resources: arr(rec(v)['resources']) as AggregatedResource[] })),
  }));
}

// The verbs apiextensions-apiserver lists for a custom resource (and for its status/scale subresources).
const CR_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

/** The default column every CRD version without additionalPrinterColumns gets (apiextensions-apiserver's crdhandler). */
const DEFAULT_CR_COLUMNS: readonly CrdColumn[] = [{ name: 'Age', type: 'date', format: '', description: CREATION_TIMESTAMP_DOC, priority: 0, jsonPath: '.metadata.creationTimestamp' }];

export class CrdError extends Error {}

/** The custom resources one CustomResourceDefinition serves: one ResourceDef per served version. */
export function customResources(crd: KubeObject): ResourceDef[] {
  const spec = rec(crd['spec']);
  const names = rec(spec['names']);
  const group = str(spec['group']);
  const plural = str(names['plural']);
  const kind = str(names['kind']);
  const crdName = str(rec(crd['metadata'])['name']);
  if (!group || !plural || !kind) throw new CrdError(`CustomResourceDefinition ${crdName || '(no name)'} needs spec.group, spec.names.plural and spec.names.kind`);
  if (crdName && crdName !== `${plural}.${group}`) throw new CrdError(`CustomResourceDefinition ${crdName}: metadata.name must be spec.names.plural+"."+spec.group ("${plural}.${group}")`);
  const versions = arr(spec['versions']).map(rec).filter((v) => v['served'] !== false);
  return versions.map((v) => {
    const sub = rec(v['subresources']);
    const columns = arr(v['additionalPrinterColumns']).map(rec).map((c): CrdColumn => ({
      name: str(c['name']), type: str(c['type']), format: str(c['format']), description: str(c['description']), priority: typeof c['priority'] === 'number' ? c['priority'] : 0, jsonPath: str(c['jsonPath']),
    }));
    return {
      resource: plural, group, version: str(v['name']), kind, listKind: str(names['listKind']) || `${kind}List`,
      singular: str(names['singular']) || kind.toLowerCase(),
      shortNames: strings(names['shortNames']),
      categories: strings(names['categories']),
      namespaced: spec['scope'] !== 'Cluster',
      verbs: CR_VERBS,
      subresources: [...('status' in sub ? ['status'] : []), ...('scale' in sub ? ['scale'] : [])],
      prefix: `${storagePrefix(group, plural)}/`,
      printer: null,
      printerColumns: columns.length > 0 ? columns : DEFAULT_CR_COLUMNS,
      fieldLabels: META_FIELDS,
      fields: metaFields,
    };
  });
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const at = apiVersion.indexOf('/');
  return at < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, at), version: apiVersion.slice(at + 1) };
}

/** The resources one sandbox serves. Immutable; withCustomResources() makes a new one. */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceDef>();
  private readonly byKind = new Map<string, ResourceDef>();

  constructor(readonly all: readonly ResourceDef[], readonly crds: readonly KubeObject[] = []) {
    for (const d of all) {
      const gv = d.group ? `${d.group}/${d.version}` : d.version;
      this.byPath.set(`${gv}/${d.resource}`, d);
      // The first resource listed for a kind is its main one (pods, not pods/status; events, not events.k8s.io's).
      if (!this.byKind.has(`${gv}/${d.kind}`)) this.byKind.set(`${gv}/${d.kind}`, d);
    }
  }

  /** The built-in resources a server's discovery lists. */
  static fromDiscovery(data: DiscoveryData): ResourceRegistry {
    const defs: ResourceDef[] = [];
    for (const g of groupsOf(data)) for (const v of g.versions) for (const r of v.resources) defs.push(builtIn(g.group, v.version, r));
    return new ResourceRegistry(defs);
  }

  /** This registry plus the custom resources of these CustomResourceDefinitions. */
  withCustomResources(crds: readonly KubeObject[]): ResourceRegistry {
    if (crds.length === 0) return this;
    return new ResourceRegistry([...this.all, ...crds.flatMap(customResources)], [...this.crds, ...crds]);
  }

  find(group: string, version: string, resource: string): ResourceDef | undefined {
    return this.byPath.get(`${group ? `${group}/${version}` : version}/${resource}`);
  }

  forKind(apiVersion: string, kind: string): ResourceDef | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** Every distinct key prefix (resources served at several versions, or in two groups, share one). */
  prefixes(): string[] {
    return [...new Set(this.all.filter((d) => d.verbs.includes('list')).map((d) => d.prefix))];
  }
}

/** The apiVersion a resource is served at, e.g. "apps/v1", "v1". */
export function groupVersionOf(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** The etcd key of one object, e.g. /registry/pods/default/nginx or /registry/minions/node-1. */
export function objectKey(def: ResourceDef, namespace: string, name: string): string {
  return def.namespaced ? `${def.prefix}${namespace}/${name}` : `${def.prefix}${name}`;
}

/** The key prefix a list reads: all namespaces, one namespace, or a cluster-scoped resource. */
export function listPrefix(def: ResourceDef, namespace: string): string {
  return def.namespaced && namespace ? `${def.prefix}${namespace}/` : def.prefix;
}

// Go's ObjectMeta field order, so that objects serialize like kube-apiserver's JSON.
const META_ORDER = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];

export function orderMetadata(meta: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of META_ORDER) if (meta[k] !== undefined) out[k] = meta[k];
  for (const k of Object.keys(meta)) if (!(k in out)) out[k] = meta[k];
  return out;
}

/** Decodes a stored value and sets metadata.resourceVersion from the key's mod revision, as kube does. */
export function decodeStored(value: string, modRevision: number): KubeObject {
  const obj = JSON.parse(value) as KubeObject;
  const meta = { ...rec(obj['metadata']), resourceVersion: String(modRevision) };
  obj['metadata'] = orderMetadata(meta);
  return obj;
}

export function metadataOf(obj: KubeObject): Record<string, unknown> {
  return rec(obj['metadata']);
}
