// Builds a whole meta.k8s.io/v1 Table the way kube-apiserver does for
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` (handlers/response.go asTable).
import type { TableColumnDefinition } from './columns.js';
import { kindPrinter, type PrinterName } from './kinds.js';
import type { AnyRow } from './shapes.js';

export type PrintableResource = PrinterName;
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface PrintTableOptions {
  now: Date;
  includeObject: IncludeObject;
  /** Kubernetes minor version to imitate where printers differ (default 28, as the sandbox is v1.28). */
  kubeMinor?: number;
  /** The kind and apiVersion of the objects, for includeObject=Object rows whose stored objects lack them (default: the core v1 kind of the printer). */
  typeMeta?: { kind: string; apiVersion: string };
}

const CORE_KINDS: Partial<Record<PrintableResource, string>> = { pods: 'Pod', namespaces: 'Namespace', nodes: 'Node' };

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

function rowObject(obj: Record<string, unknown>, typeMeta: { kind: string; apiVersion: string }, include: IncludeObject): unknown {
  switch (include) {
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: orderedMetadata(obj.metadata) };
    case 'Object':
      // Items kept in a list carry no kind; the server converts each row object to its full versioned form.
      if (obj.kind !== undefined && obj.apiVersion !== undefined) return obj;
      return { kind: typeMeta.kind, apiVersion: typeMeta.apiVersion, ...withoutTypeMeta(obj) };
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

/** A whole Table from column definitions and the printed rows (TableRow key order: cells, conditions, object). */
export function buildTable(
  columnDefinitions: readonly TableColumnDefinition[],
  objects: Record<string, unknown>[],
  print: (obj: Record<string, unknown>) => AnyRow,
  include: IncludeObject,
  typeMeta: { kind: string; apiVersion: string },
): Record<string, unknown> {
  const rows = objects.map((obj) => {
    const printed = print(obj);
    const row: Record<string, unknown> = { cells: printed.cells };
    if (printed.conditions !== undefined) row.conditions = printed.conditions.map((c) => ({ ...c }));
    row.object = rowObject(obj, typeMeta, include);
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: columnDefinitions.map((c) => ({ ...c })),
    rows,
  };
}

export function printTable(
  resource: PrintableResource,
  objects: Record<string, unknown>[],
  opts: PrintTableOptions,
): Record<string, unknown> {
  const ctx = { nowMs: opts.now.getTime(), kubeMinor: opts.kubeMinor ?? 28 };
  const printer = kindPrinter(resource);
  const typeMeta = opts.typeMeta ?? { kind: CORE_KINDS[resource] ?? '', apiVersion: 'v1' };
  return buildTable(printer.columns(ctx.kubeMinor), objects, (obj) => printer.row(obj, ctx), opts.includeObject, typeMeta);
}
