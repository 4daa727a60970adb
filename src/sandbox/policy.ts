// Reads the RBAC objects out of storage into the authorizer's shape (kube's RBAC authorizer reads
// them from its informer cache; the sandbox reads its own key space, which never changes).

import type { Storage } from './storage/types.js';
import { prefixEnd } from './storage/types.js';
import type { Binding, PolicyRule, RbacPolicy, Role, Subject } from './rbac.js';

interface StoredRbac {
  metadata?: { name?: string; namespace?: string };
  rules?: PolicyRule[];
  subjects?: Subject[];
  roleRef?: { kind?: string; name?: string };
}

async function read(storage: Storage, prefix: string): Promise<StoredRbac[]> {
  const res = await storage.range({ key: prefix, rangeEnd: prefixEnd(prefix) });
  return res.kvs.map((kv) => JSON.parse(kv.value) as StoredRbac);
}

function toRole(o: StoredRbac): Role {
  return { name: o.metadata?.name ?? '', namespace: o.metadata?.namespace, rules: o.rules ?? [] };
}

function toBinding(o: StoredRbac): Binding {
  return {
    name: o.metadata?.name ?? '',
    namespace: o.metadata?.namespace,
    subjects: o.subjects ?? [],
    roleRef: { kind: o.roleRef?.kind === 'Role' ? 'Role' : 'ClusterRole', name: o.roleRef?.name ?? '' },
  };
}

export async function loadPolicy(storage: Storage): Promise<RbacPolicy> {
  const [roles, clusterRoles, roleBindings, clusterRoleBindings] = await Promise.all([
    read(storage, '/registry/roles/'),
    read(storage, '/registry/clusterroles/'),
    read(storage, '/registry/rolebindings/'),
    read(storage, '/registry/clusterrolebindings/'),
  ]);
  return {
    roles: roles.map(toRole),
    clusterRoles: clusterRoles.map(toRole),
    roleBindings: roleBindings.map(toBinding),
    clusterRoleBindings: clusterRoleBindings.map(toBinding),
  };
}
