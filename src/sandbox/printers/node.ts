// Port of printNode from kubernetes pkg/printers/internalversion/printers.go.
import type { NodeShape, PrintedRow } from './shapes.js';
import { parseInstant, translateTimestampSince } from './timestamp.js';

const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_LABEL_ROLE = 'kubernetes.io/role';

/** Roles from node-role.kubernetes.io/<role> keys and kubernetes.io/role=<role>, sorted, deduplicated. */
export function findNodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  if (labels !== undefined) {
    for (const [k, v] of Object.entries(labels)) {
      if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
        const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
        if (role.length > 0) roles.add(role);
      } else if (k === NODE_LABEL_ROLE && v !== '') {
        roles.add(v);
      }
    }
  }
  // sets.String.List() sorts byte-wise; keys are ASCII, where code-unit order is the same.
  return [...roles].sort();
}

function nodeAddress(node: NodeShape, type: string): string {
  for (const a of node.status?.addresses ?? []) {
    if (a.type === type) return a.address ?? '';
  }
  return '<none>';
}

export function printNode(node: NodeShape, nowMs: number): PrintedRow {
  const meta = node.metadata ?? {};
  // Only the Ready condition is shown; with duplicates the last one wins (Go fills a map).
  let ready: string | undefined;
  for (const c of node.status?.conditions ?? []) {
    if (c.type === 'Ready') ready = c.status === 'True' ? 'Ready' : 'NotReady';
  }
  const status = [ready ?? 'Unknown'];
  if (node.spec?.unschedulable === true) status.push('SchedulingDisabled');

  const roles = findNodeRoles(meta.labels).join(',') || '<none>';
  const info = node.status?.nodeInfo ?? {};
  return {
    cells: [
      meta.name ?? '',
      status.join(','),
      roles,
      translateTimestampSince(parseInstant(meta.creationTimestamp), nowMs),
      info.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ],
  };
}
