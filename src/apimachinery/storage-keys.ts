// Where kube-apiserver keeps an object in etcd: /registry/<prefix>/<namespace>/<name> (cluster-scoped:
// /registry/<prefix>/<name>). For the groups kube-apiserver serves itself the prefix is the resource's
// name — no group — except a few compiled-in overrides (SpecialDefaultResourcePrefixes in
// pkg/kubeapiserver/default_storage_factory_builder.go: nodes are "minions", services "services/specs");
// the aggregator's APIServices, CRDs and custom resources are stored under <group>/<resource>. Checked
// against the keys of a real v1.33.3 cluster (test/fixtures/real-apiserver-v1.33/etcd/registry-keys.txt).
// The sandbox stores objects under these keys, and the engine names them the same way.

export const REGISTRY_ROOT = '/registry';

const SPECIAL: Record<string, string> = {
  '/replicationcontrollers': 'controllers',
  '/endpoints': 'services/endpoints',
  '/nodes': 'minions',
  '/services': 'services/specs',
  'extensions/ingresses': 'ingress',
  'networking.k8s.io/ingresses': 'ingress',
  'extensions/podsecuritypolicies': 'podsecuritypolicy',
  'policy/podsecuritypolicies': 'podsecuritypolicy',
};

/** The API groups kube-apiserver's own storage factory serves (their keys carry no group). */
const BUILT_IN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** The key prefix of a resource, e.g. "/registry/pods", "/registry/minions", "/registry/stable.example.com/crontabs". */
export function storagePrefix(group: string, resource: string): string {
  const special = SPECIAL[`${group}/${resource}`];
  if (special !== undefined) return `${REGISTRY_ROOT}/${special}`;
  return BUILT_IN_GROUPS.has(group) ? `${REGISTRY_ROOT}/${resource.toLowerCase()}` : `${REGISTRY_ROOT}/${group}/${resource.toLowerCase()}`;
}

/** The key of one object. */
export function storageKey(group: string, resource: string, namespace: string, name: string): string {
  const prefix = storagePrefix(group, resource);
  return namespace === '' ? `${prefix}/${name}` : `${prefix}/${namespace}/${name}`;
}
