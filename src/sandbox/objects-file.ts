// `--objects FILE.yaml`: a multi-document YAML of Namespaces, Pods (status as given), Nodes and RBAC
// objects that replaces the scenario's content. Missing server-set fields (uid, creationTimestamp,
// a Pending status) are filled in the way the API server would.

import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { resourceForKind, type KubeObject } from './resources.js';
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

export function normalizeObject(input: unknown, now: Date, where: string): KubeObject {
  const o = rec(input);
  const apiVersion = typeof o['apiVersion'] === 'string' ? o['apiVersion'] : '';
  const kind = typeof o['kind'] === 'string' ? o['kind'] : '';
  const def = resourceForKind(apiVersion, kind);
  if (!def) throw new ObjectsFileError(`${where}: unsupported object ${apiVersion ? `${apiVersion}/` : ''}${kind || '(no kind)'}; the sandbox stores Namespaces, Pods, Nodes, Roles, ClusterRoles, RoleBindings and ClusterRoleBindings`);
  const meta = { ...rec(o['metadata']) };
  if (typeof meta['name'] !== 'string' || meta['name'] === '') throw new ObjectsFileError(`${where}: ${kind} has no metadata.name`);
  if (def.namespaced) meta['namespace'] = typeof meta['namespace'] === 'string' && meta['namespace'] ? meta['namespace'] : 'default';
  else delete meta['namespace'];
  delete meta['resourceVersion'];
  meta['uid'] = typeof meta['uid'] === 'string' ? meta['uid'] : randomUUID();
  meta['creationTimestamp'] = typeof meta['creationTimestamp'] === 'string' ? meta['creationTimestamp'] : isoSeconds(now);
  const out: KubeObject = { kind, apiVersion, metadata: meta };
  for (const [k, v] of Object.entries(o)) if (!(k in out)) out[k] = v;
  if (kind === 'Pod') {
    const spec = { ...rec(out['spec']) };
    for (const [k, v] of Object.entries(POD_SPEC_DEFAULTS)) if (spec[k] === undefined) spec[k] = v;
    out['spec'] = spec;
    if (out['status'] === undefined) out['status'] = { phase: 'Pending', qosClass: 'BestEffort' };
  }
  if (kind === 'Namespace') {
    if (out['spec'] === undefined) out['spec'] = { finalizers: ['kubernetes'] };
    if (out['status'] === undefined) out['status'] = { phase: 'Active' };
  }
  return out;
}

export async function loadObjectsFile(path: string, now: Date): Promise<KubeObject[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ObjectsFileError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const docs = parseAllDocuments(text);
  const objects: KubeObject[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    if (doc.errors.length > 0) throw new ObjectsFileError(`${path}: document ${i + 1}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    const items = rec(value)['kind'] === 'List' && Array.isArray(rec(value)['items']) ? (rec(value)['items'] as unknown[]) : [value];
    for (const item of items) objects.push(normalizeObject(item, now, `${path}: document ${i + 1}`));
  });
  // Namespaces the pods live in exist in a real cluster; "default" always does.
  const haveNs = new Set(objects.filter((o) => o['kind'] === 'Namespace').map((o) => rec(o['metadata'])['name'] as string));
  const needed = new Set(['default', ...objects.map((o) => rec(o['metadata'])['namespace']).filter((n): n is string => typeof n === 'string')]);
  for (const ns of needed) if (!haveNs.has(ns)) objects.push(makeNamespace(ns, now));
  return objects;
}
