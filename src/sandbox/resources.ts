// The resources the sandbox serves, with where kube-apiserver keeps them in etcd and which field
// selectors each registry accepts (pods: k8s.io/kubernetes/pkg/registry/core/pod/strategy.go).

import { WRITE_RESOURCES } from './writes/kinds.js';

export type KubeObject = Record<string, unknown>;

export interface ResourceDef {
  resource: string;
  group: string; // '' = core
  version: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  /** etcd key prefix, with a trailing slash (pods are /registry/pods/<ns>/<name>). */
  prefix: string;
  /** Which Table printer renders it (null: kube's default Name/Created At table). */
  printer: 'pods' | 'namespaces' | 'nodes' | null;
  fieldLabels: readonly string[];
  fields(obj: KubeObject): Record<string, string>;
}

function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- kube types these fields as strings; a number or boolean from a hand-written objects file reads as String() gives it
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function metaFields(obj: KubeObject): Record<string, string> {
  const m = rec(obj['metadata']);
  return { 'metadata.name': str(m['name']), 'metadata.namespace': str(m['namespace']) };
}

const POD: ResourceDef = {
  resource: 'pods', group: '', version: 'v1', kind: 'Pod', listKind: 'PodList', namespaced: true,
  prefix: '/registry/pods/', printer: 'pods',
  fieldLabels: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  fields(obj) {
    const spec = rec(obj['spec']);
    const status = rec(obj['status']);
    const podIPs = Array.isArray(status['podIPs']) ? (status['podIPs'] as unknown[]).map((p) => str(rec(p)['ip'])) : [];
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

const NAMESPACE: ResourceDef = {
  resource: 'namespaces', group: '', version: 'v1', kind: 'Namespace', listKind: 'NamespaceList', namespaced: false,
  prefix: '/registry/namespaces/', printer: 'namespaces',
  fieldLabels: ['metadata.name', 'metadata.namespace', 'status.phase'],
  fields(obj) {
    return { ...metaFields(obj), 'status.phase': str(rec(obj['status'])['phase']) };
  },
};

const NODE: ResourceDef = {
  resource: 'nodes', group: '', version: 'v1', kind: 'Node', listKind: 'NodeList', namespaced: false,
  prefix: '/registry/minions/', printer: 'nodes',
  fieldLabels: ['metadata.name', 'metadata.namespace', 'spec.unschedulable'],
  fields(obj) {
    return { ...metaFields(obj), 'spec.unschedulable': rec(obj['spec'])['unschedulable'] === true ? 'true' : 'false' };
  },
};

function rbac(resource: string, kind: string, namespaced: boolean): ResourceDef {
  return {
    resource, group: 'rbac.authorization.k8s.io', version: 'v1', kind, listKind: `${kind}List`, namespaced,
    prefix: `/registry/${resource}/`, printer: null,
    fieldLabels: ['metadata.name', 'metadata.namespace'],
    fields: metaFields,
  };
}

export const RESOURCES: readonly ResourceDef[] = [
  POD,
  NAMESPACE,
  NODE,
  rbac('roles', 'Role', true),
  rbac('rolebindings', 'RoleBinding', true),
  rbac('clusterroles', 'ClusterRole', false),
  rbac('clusterrolebindings', 'ClusterRoleBinding', false),
  ...WRITE_RESOURCES,
];

export function findResource(group: string, version: string, resource: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
}

export function resourceForKind(apiVersion: string, kind: string): ResourceDef | undefined {
  const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
  return RESOURCES.find((r) => r.group === group && r.version === version && r.kind === kind);
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
