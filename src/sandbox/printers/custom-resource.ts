// The Table of a custom resource: apiextensions-apiserver's tableconvertor
// (staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/tableconvertor): a Name
// column, then one column per additionalPrinterColumn, its cell the first result of the column's
// jsonPath (missing keys allowed) formatted by the column's type: "string" as jsonpath prints it,
// "integer"/"number"/"boolean" as JSON values, "date" as a human age; nil where nothing matched.

import { compileJsonPath, topLevel, rawOf, unbox, type GoVal, type JsonPath } from '../../format/jsonpath/index.js';
import { humanDuration } from '../../duration/human-duration.js';
import { nameOf } from './cells.js';
import type { TableColumnDefinition } from './columns.js';
import { NAME_DOC } from './columns.js';
import type { TableCell } from './shapes.js';
import { parseInstant } from './timestamp.js';

export interface CustomColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  jsonPath: string;
}

export interface CompiledColumns {
  definitions: TableColumnDefinition[];
  row(obj: Record<string, unknown>, nowMs: number): TableCell[];
}

function cellForJsonValue(type: string, value: unknown, nowMs: number): TableCell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      if (value === '') return '<unknown>';
      const t = parseInstant(value);
      if (t === null || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value)) return '<invalid>';
      return humanDuration(nowMs - t); // metatable.ConvertToHumanReadableDateType
    }
  }
  return null;
}

/** tableconvertor.New: the headers and the per-row cell function (kubeMinor: the server's client-go jsonpath, for how it prints nil). */
export function compileCustomColumns(columns: readonly CustomColumn[], kubeMinor: number): CompiledColumns {
  const definitions: TableColumnDefinition[] = [{ name: 'Name', type: 'string', format: 'name', description: NAME_DOC, priority: 0 }];
  const paths: (JsonPath | null)[] = [];
  for (const col of columns) {
    let path: JsonPath | null = null;
    try {
      path = compileJsonPath(`{${col.jsonPath}}`, { allowMissingKeys: true, kubectlMinor: kubeMinor });
    } catch {
      path = null; // a column whose path does not parse prints nothing (the CRD's validation refuses it in a real server)
    }
    paths.push(path);
    definitions.push({ name: col.name, type: col.type, format: col.format, description: col.description || `Custom resource definition column (in JSONPath format): ${col.jsonPath}`, priority: col.priority });
  }
  return {
    definitions,
    row(obj, nowMs) {
      const cells: TableCell[] = [nameOf(obj)];
      columns.forEach((col, i) => {
        const path = paths[i];
        let results: GoVal[][];
        try {
          results = path ? path.findResults(topLevel(obj)) : [];
        } catch {
          results = [];
        }
        const first = results[0]?.[0];
        if (!path || first === undefined || first.k === 'invalid') {
          cells.push(null);
          return;
        }
        if (col.type === 'string') {
          cells.push(path.printResults([unbox(first)]));
          return;
        }
        cells.push(cellForJsonValue(col.type, rawOf(first), nowMs));
      });
      return cells;
    },
  };
}
