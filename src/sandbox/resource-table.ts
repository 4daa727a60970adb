// The Table a resource is rendered as, by what the registry says about it: a compiled-in printer
// (printers.go), a custom resource's additionalPrinterColumns (apiextensions' tableconvertor), or the
// default table convertor (Name, Created At) for everything else.

import { defaultTable } from './default-table.js';
import { buildTable, printTable, type IncludeObject } from './printers/index.js';
import { compileCustomColumns } from './printers/custom-resource.js';
import { groupVersionOf, type KubeObject, type ResourceDef } from './resources.js';

export function resourceTable(def: ResourceDef, objects: KubeObject[], opts: { now: Date; includeObject: IncludeObject; kubeMinor: number }): Record<string, unknown> {
  const typeMeta = { kind: def.kind, apiVersion: groupVersionOf(def) };
  if (def.printer) return printTable(def.printer, objects, { ...opts, typeMeta });
  if (def.printerColumns) {
    const compiled = compileCustomColumns(def.printerColumns, opts.kubeMinor);
    const nowMs = opts.now.getTime();
    return buildTable(compiled.definitions, objects, (o) => ({ cells: compiled.row(o, nowMs) }), opts.includeObject, typeMeta);
  }
  return defaultTable(objects, opts);
}
