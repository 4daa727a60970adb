// Builds a whole meta.k8s.io/v1 Table the way kube-apiserver does for
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` (handlers/response.go asTable).
import { NAMESPACE_COLUMNS, NODE_COLUMNS, podColumns, type TableColumnDefinition } from './columns.js';
import { printNamespace } from './namespace.js';
import { printNode } from './node.js';
import { printPod } from './pod.js';
import type { PrintedRow } from './shapes.js';

export type PrintableResource = 'pods' | 'namespaces' | 'nodes';
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface PrintTableOptions {
  now: Date;
  includeObject: IncludeObject;
  /** Kubernetes minor version to imitate where printers differ (default 28, as the sandbox is v1.28). */
  kubeMinor?: number;
}

const KINDS: Record<PrintableResource, string> = { pods: 'Pod', namespaces: 'Namespace', nodes: 'Node' };

function columns(resource: PrintableResource, kubeMinor: number): readonly TableColumnDefinition[] {
  return resource === 'pods' ? podColumns(kubeMinor) : resource === 'nodes' ? NODE_COLUMNS : NAMESPACE_COLUMNS;
}

// JSON field order of metav1.ObjectMeta, so a PartialObjectMetadata serializes like Go's.
const OBJECT_META_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
] as const;
const META_FIELD_RANK: ReadonlyMap<string, number> = new Map(OBJECT_META_FIELDS.map((k, i) => [k, i]));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when the keys are ObjectMeta fields already in Go's order (the usual case): the object is
 * then reused as is, not copied — callers must not mutate row objects.
 */
function inGoOrder(metadata: Record<string, unknown>): boolean {
  let last = -1;
  for (const key in metadata) {
    const rank = META_FIELD_RANK.get(key);
    if (rank === undefined || rank < last || metadata[key] === undefined) return false;
    last = rank;
  }
  return true;
}

function orderedMetadata(metadata: unknown): Record<string, unknown> {
  if (!isRecord(metadata)) return {};
  if (inGoOrder(metadata)) return metadata;
  const out: Record<string, unknown> = {};
  for (const key of OBJECT_META_FIELDS) {
    if (metadata[key] !== undefined) out[key] = metadata[key];
  }
  // Keys that are not ObjectMeta fields are dropped, as Go's typed copy would.
  return out;
}

function rowObject(obj: Record<string, unknown>, resource: PrintableResource, include: IncludeObject): unknown {
  switch (include) {
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: orderedMetadata(obj.metadata) };
    case 'Object':
      // Items kept in a list carry no kind; the server converts each row object to its full versioned form.
      if (obj.kind !== undefined && obj.apiVersion !== undefined) return obj;
      return { kind: KINDS[resource], apiVersion: 'v1', ...withoutTypeMeta(obj) };
    case 'None':
      // TableRow.Object is a runtime.RawExtension: `omitempty` does not apply to structs,
      // and an empty RawExtension marshals as null.
      return null;
  }
}

function withoutTypeMeta(obj: Record<string, unknown>): Record<string, unknown> {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = obj;
  return rest;
}

function printRow(resource: PrintableResource, obj: Record<string, unknown>, nowMs: number, kubeMinor: number): PrintedRow {
  switch (resource) {
    case 'pods':
      return printPod(obj, { nowMs, kubeMinor });
    case 'nodes':
      return printNode(obj, nowMs);
    case 'namespaces':
      return printNamespace(obj, nowMs);
  }
}

export function printTable(
  resource: PrintableResource,
  objects: Record<string, unknown>[],
  opts: PrintTableOptions,
): Record<string, unknown> {
  const nowMs = opts.now.getTime();
  const kubeMinor = opts.kubeMinor ?? 28;
  const rows = objects.map((obj) => {
    const printed = printRow(resource, obj, nowMs, kubeMinor);
    // Key order as in Go's TableRow: cells, conditions (omitempty), object.
    const row: Record<string, unknown> = { cells: printed.cells };
    if (printed.conditions !== undefined) row.conditions = printed.conditions.map((c) => ({ ...c }));
    row.object = rowObject(obj, resource, opts.includeObject);
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: columns(resource, kubeMinor).map((c) => ({ ...c })),
    rows,
  };
}
