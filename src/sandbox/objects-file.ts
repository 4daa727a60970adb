// `--objects FILE.yaml`: the objects that replace the scenario's content. Accepted: multi-document YAML
// or JSON manifests, and `kubectl get … -o yaml|json` exports (a v1 List, or a typed list such as a
// PodList whose items carry no kind). Every object of a resource the imitated server serves is kept,
// CustomResourceDefinitions included, and the file's custom resources once a CRD in it defines them.
// Missing server-set fields (uid, creationTimestamp, a Pending pod status, …) are filled in the way
// the API server would.

import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { CrdError, splitApiVersion, type KubeObject, type ResourceRegistry } from './resources.js';
import { isoSeconds, namespace as makeNamespace } from './objects.js';

export class ObjectsFileError extends Error {}

function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

const POD_SPEC_DEFAULTS: Record<string, unknown> = {
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
  serviceAccountName: 'default',
  serviceAccount: 'default',
  securityContext: {},
  schedulerName: 'default-scheduler',
  priority: 0,
  enableServiceLinks: true,
  preemptionPolicy: 'PreemptLowerPriority',
};

/** The defaulting kube-apiserver applies before storing, for the fields the printers read. */
function applyDefaults(out: KubeObject): void {
  const kind = out['kind'];
  const group = splitApiVersion(String(out['apiVersion'])).group;
  if (kind === 'Pod' && group === '') {
    const spec = { ...rec(out['spec']) };
    for (const [k, v] of Object.entries(POD_SPEC_DEFAULTS)) if (spec[k] === undefined) spec[k] = v;
    out['spec'] = spec;
    if (out['status'] === undefined) out['status'] = { phase: 'Pending', qosClass: 'BestEffort' };
  }
  if (kind === 'Namespace' && group === '') {
    if (out['spec'] === undefined) out['spec'] = { finalizers: ['kubernetes'] };
    if (out['status'] === undefined) out['status'] = { phase: 'Active' };
  }
  if (kind === 'Secret' && group === '' && out['type'] === undefined) out['type'] = 'Opaque';
  if (kind === 'Service' && group === '') {
    const spec = { ...rec(out['spec']) };
    if (spec['type'] === undefined) spec['type'] = 'ClusterIP';
    if (typeof spec['clusterIP'] === 'string' && spec['clusterIPs'] === undefined) spec['clusterIPs'] = [spec['clusterIP']];
    out['spec'] = spec;
  }
}

export function normalizeObject(input: unknown, now: Date, where: string, registry: ResourceRegistry, version: string): KubeObject {
  const o = rec(input);
  const apiVersion = typeof o['apiVersion'] === 'string' ? o['apiVersion'] : '';
  const kind = typeof o['kind'] === 'string' ? o['kind'] : '';
  const def = registry.forKind(apiVersion, kind);
  if (!def) {
    const what = `${apiVersion ? `${apiVersion}/` : ''}${kind || '(no kind)'}`;
    throw new ObjectsFileError(`${where}: unsupported object ${what}: a v${version} API server serves no resource of that kind and apiVersion, and no CustomResourceDefinition in the file defines one`);
  }
  const meta = { ...rec(o['metadata']) };
  if (typeof meta['name'] !== 'string' || meta['name'] === '') throw new ObjectsFileError(`${where}: ${kind} has no metadata.name`);
  if (def.namespaced) meta['namespace'] = typeof meta['namespace'] === 'string' && meta['namespace'] ? meta['namespace'] : 'default';
  else delete meta['namespace'];
  delete meta['resourceVersion'];
  meta['uid'] = typeof meta['uid'] === 'string' ? meta['uid'] : randomUUID();
  meta['creationTimestamp'] = typeof meta['creationTimestamp'] === 'string' ? meta['creationTimestamp'] : isoSeconds(now);
  const out: KubeObject = { kind, apiVersion, metadata: meta };
  for (const [k, v] of Object.entries(o)) if (!(k in out)) out[k] = v;
  applyDefaults(out);
  return out;
}

interface Item {
  value: unknown;
  where: string;
}

/** The objects of one document: itself, or the items of a List / typed list (which then carry the list's kind and apiVersion). */
function itemsOf(value: unknown, where: string): Item[] {
  const o = rec(value);
  const kind = typeof o['kind'] === 'string' ? o['kind'] : '';
  if (!kind.endsWith('List') || !Array.isArray(o['items'])) return [{ value, where }];
  const itemKind = kind === 'List' ? '' : kind.slice(0, -'List'.length);
  return (o['items'] as unknown[]).map((item, j) => {
    const r = rec(item);
    const typed = itemKind && r['kind'] === undefined ? { kind: itemKind, apiVersion: o['apiVersion'], ...r } : item;
    return { value: typed, where: `${where}, item ${j + 1}` };
  });
}

export async function loadObjectsFile(path: string, now: Date, base: ResourceRegistry, version: string): Promise<{ objects: KubeObject[]; registry: ResourceRegistry }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ObjectsFileError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const docs = parseAllDocuments(text);
  const items: Item[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    if (doc.errors.length > 0) throw new ObjectsFileError(`${path}: document ${i + 1}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    items.push(...itemsOf(value, `${path}: document ${i + 1}`));
  });
  // CustomResourceDefinitions first: the custom resources of the same file depend on them.
  const isCrd = (v: unknown): boolean => rec(v)['kind'] === 'CustomResourceDefinition' && rec(v)['apiVersion'] === 'apiextensions.k8s.io/v1';
  const crds = items.filter((it) => isCrd(it.value)).map((it) => normalizeObject(it.value, now, it.where, base, version));
  let registry: ResourceRegistry;
  try {
    registry = base.withCustomResources(crds);
  } catch (e) {
    if (e instanceof CrdError) throw new ObjectsFileError(`${path}: ${e.message}`);
    throw e;
  }
  const objects = [...crds, ...items.filter((it) => !isCrd(it.value)).map((it) => normalizeObject(it.value, now, it.where, registry, version))];
  // Namespaces the objects live in exist in a real cluster; "default" always does.
  const haveNs = new Set(objects.filter((o) => o['kind'] === 'Namespace').map((o) => rec(o['metadata'])['name'] as string));
  const needed = new Set(['default', ...objects.map((o) => rec(o['metadata'])['namespace']).filter((n): n is string => typeof n === 'string')]);
  for (const ns of needed) if (!haveNs.has(ns)) objects.push(makeNamespace(ns, now));
  return { objects, registry };
}
