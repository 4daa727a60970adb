// The discovery entries of the kinds the write path stores, merged into the served documents where
// they are not there already (the served documents are the captures whole, so today this adds nothing
// unless a capture lacks one of them).

import type { DiscoveryData } from '../discovery.js';
import { AGGREGATED_GROUPS, CAPTURED_GROUP_ORDER, CORE_AGGREGATED_RESOURCES, CORE_RESOURCE_LIST_ENTRIES, PLAIN_GROUPS } from './discovery-data.js';

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
