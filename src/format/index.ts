// kubectl-compatible output for `kubectl get pods`: given the bodies the server returned, produce
// exactly what kubectl (1.32) writes to stdout and stderr, and its exit code.
//
// - table / wide: the server's Table(s), printed by kubectl's table printer (table-printer.ts);
// - json / yaml / name: kubectl's generic printers over the objects (generic-printer.ts);
// - nothing printed by a table → "No resources found in <ns> namespace." on stderr, exit 0.

import type { OutputFormat, TableColumn } from './types.js';
import { printGeneric } from './generic-printer.js';
import { isJsonObject, isTableBody, type ServerColumnDefinition } from './response-shapes.js';
import { printObjectsAsTable, printServerTables } from './table-printer.js';

export interface FormatInput {
  output: OutputFormat; // 'table' | 'wide' | 'json' | 'yaml' | 'name'
  allNamespaces: boolean; // -A: adds the NAMESPACE column
  namespace: string; // effective namespace, for "No resources found in X namespace."
  resourceName: string | null; // `get pods NAME`
  /** Decoded JSON body of each page, in order: a meta.k8s.io/v1 Table, a v1 PodList, or a single Pod. */
  pages: unknown[];
  /**
   * Only used when the server sent objects instead of a Table for table/wide output: kubectl then
   * computes AGE itself against the clock. Defaults to the current time.
   */
  now?: Date;
}

export interface FormatResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  printedFrom: 'server-table' | 'objects';
  columns: TableColumn[];
  rowCount: number;
}

export { humanDuration } from './human-duration.js';
export { alignColumns, TabWriter, KUBECTL_TABWRITER } from './tabwriter.js';
export { printJson } from './json-printer.js';
export { printYaml } from './yaml-printer.js';

function toTableColumns(defs: ServerColumnDefinition[], wide: boolean): TableColumn[] {
  return defs.map((d) => ({
    name: d.name,
    type: d.type,
    format: d.format,
    description: d.description,
    priority: d.priority,
    shown: wide || d.priority === 0,
  }));
}

// get.go: with -A the message has no namespace ("No resources found"); otherwise it names the
// namespace the request was made in.
function noResourcesMessage(input: FormatInput): string {
  return input.allNamespaces ? 'No resources found\n' : `No resources found in ${input.namespace} namespace.\n`;
}

export function formatOutput(input: FormatInput): FormatResult {
  if (input.output === 'json' || input.output === 'yaml' || input.output === 'name') {
    // Not a human-readable printer: no "No resources found" message, even for an empty list
    // (json/yaml print an empty List; name prints nothing).
    const r = printGeneric(input.pages, input.output, input.resourceName !== null);
    return { stdout: r.text, stderr: '', exitCode: 0, printedFrom: 'objects', columns: [], rowCount: r.objectCount };
  }

  const wide = input.output === 'wide';
  const opts = { wide, withNamespace: input.allNamespaces };
  const tables = input.pages.filter(isTableBody).filter(isJsonObject);
  const fromServer = tables.length === input.pages.length;
  const r = fromServer ? printServerTables(tables, opts) : printObjectsAsTable(input.pages, opts, input.now ?? new Date());
  return {
    stdout: r.text,
    stderr: r.text === '' ? noResourcesMessage(input) : '',
    exitCode: 0,
    printedFrom: fromServer ? 'server-table' : 'objects',
    columns: toTableColumns(r.columns, wide),
    rowCount: r.rowCount,
  };
}
