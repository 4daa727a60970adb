// What kube-controller-manager's serviceaccount controller would have created in a cluster the
// sandbox's scenarios describe: a ServiceAccount "default" in every namespace. Without it every pod
// create is refused by ServiceAccount admission (kubectl/02 in the v1.33 write captures).

import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../resources.js';
import { str } from './values.js';

export function defaultServiceAccounts(objects: readonly KubeObject[], created: Date): KubeObject[] {
  const t = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const has = new Set(objects.filter((o) => o['kind'] === 'ServiceAccount').map((o) => `${str((o['metadata'] as Record<string, unknown>)['namespace'])}/${str((o['metadata'] as Record<string, unknown>)['name'])}`));
  return objects
    .filter((o) => o['kind'] === 'Namespace')
    .map((o) => str((o['metadata'] as Record<string, unknown>)['name']))
    .filter((ns) => !has.has(`${ns}/default`))
    .map((ns) => ({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: 'default', namespace: ns, uid: randomUUID(), creationTimestamp: t } }));
}
