// The kinds the write path stores beyond the read path's, as resource definitions (key prefixes as
// kube-apiserver's registries use them) and as discovery entries merged into the served documents.

import type { DiscoveryData } from '../discovery.js';
import type { KubeObject, ResourceDef } from '../resources.js';
import { AGGREGATED_GROUPS, CAPTURED_GROUP_ORDER, CORE_AGGREGATED_RESOURCES, CORE_RESOURCE_LIST_ENTRIES, PLAIN_GROUPS } from './discovery-data.js';
import { str } from './values.js';

function metaFields(obj: KubeObject): Record<string, string> {
  const m = (obj['metadata'] ?? {}) as Record<string, unknown>;
  return { 'metadata.name': str(m['name'], ''), 'metadata.namespace': str(m['namespace'], '') };
}

function def(resource: string, group: string, kind: string, namespaced: boolean, prefix: string): ResourceDef {
  return { resource, group, version: 'v1', kind, listKind: `${kind}List`, namespaced, prefix, printer: null, fieldLabels: ['metadata.name', 'metadata.namespace'], fields: metaFields };
}

export const WRITE_RESOURCES: readonly ResourceDef[] = [
  def('configmaps', '', 'ConfigMap', true, '/registry/configmaps/'),
  def('serviceaccounts', '', 'ServiceAccount', true, '/registry/serviceaccounts/'),
  // kube keeps Deployments under /registry/deployments (the apps registry's key root).
  def('deployments', 'apps', 'Deployment', true, '/registry/deployments/'),
  def('validatingadmissionpolicies', 'admissionregistration.k8s.io', 'ValidatingAdmissionPolicy', false, '/registry/validatingadmissionpolicies/'),
  def('validatingadmissionpolicybindings', 'admissionregistration.k8s.io', 'ValidatingAdmissionPolicyBinding', false, '/registry/validatingadmissionpolicybindings/'),
  def('mutatingwebhookconfigurations', 'admissionregistration.k8s.io', 'MutatingWebhookConfiguration', false, '/registry/mutatingwebhookconfigurations/'),
  def('validatingwebhookconfigurations', 'admissionregistration.k8s.io', 'ValidatingWebhookConfiguration', false, '/registry/validatingwebhookconfigurations/'),
];

type Group = { metadata: { name: string } };

/** The served discovery documents with the write kinds added (where they are not there already). */
export function withWriteKinds(data: DiscoveryData): DiscoveryData {
  const core = structuredClone(data.aggregatedCoreGroup) as { versions: { resources: { resource: string }[] }[] };
  const coreResources = core.versions[0]?.resources ?? [];
  for (const r of CORE_AGGREGATED_RESOURCES) {
    if (!coreResources.some((x) => x.resource === r['resource'])) coreResources.push(r as { resource: string });
  }
  coreResources.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
  const list = structuredClone(data.coreV1ResourceList) as { resources: { name: string }[] };
  for (const r of CORE_RESOURCE_LIST_ENTRIES) if (!list.resources.some((x) => x.name === r['name'])) list.resources.push(r as { name: string });
  list.resources.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rank = (name: string): number => {
    const i = CAPTURED_GROUP_ORDER.indexOf(name);
    return i < 0 ? CAPTURED_GROUP_ORDER.length : i;
  };
  const groups = [...data.aggregatedGroups] as unknown as Group[];
  for (const g of AGGREGATED_GROUPS as unknown as Group[]) if (!groups.some((x) => x.metadata.name === g.metadata.name)) groups.push(g);
  groups.sort((a, b) => rank(a.metadata.name) - rank(b.metadata.name));
  const plain = structuredClone(data.apiGroupList) as { groups: { name: string }[] };
  for (const g of PLAIN_GROUPS as { name: string }[]) if (!plain.groups.some((x) => x.name === g.name)) plain.groups.push(g);
  plain.groups.sort((a, b) => rank(a.name) - rank(b.name));
  return { aggregatedCoreGroup: core, aggregatedGroups: groups, apiGroupList: plain, coreV1ResourceList: list };
}
