// Port of printNamespace from kubernetes pkg/printers/internalversion/printers.go.
import type { NamespaceShape, PrintedRow } from './shapes.js';
import { parseInstant, translateTimestampSince } from './timestamp.js';

export function printNamespace(ns: NamespaceShape, nowMs: number): PrintedRow {
  const meta = ns.metadata ?? {};
  return {
    cells: [
      meta.name ?? '',
      ns.status?.phase ?? '',
      translateTimestampSince(parseInstant(meta.creationTimestamp), nowMs),
    ],
  };
}
