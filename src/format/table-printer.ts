// kubectl's human-readable printer (k8s.io/cli-runtime/pkg/printers/tableprinter.go, as in kubectl
// 1.32) over the Tables the server returned, one per page, all written into one tab writer that is
// flushed once at the end: so every page is aligned together and the header appears once.

import { TabWriter } from './tabwriter.js';
import { goSprint } from './go-values.js';
import { translateTimestampSince } from './human-duration.js';
import {
  metadataString,
  objectsOfPages,
  toServerTable,
  type JsonObject,
  type ServerColumnDefinition,
  type ServerTable,
} from './response-shapes.js';

export interface TablePrintOptions {
  wide: boolean;
  withNamespace: boolean;
}

export interface TablePrintResult {
  /** What the tab writer wrote (kubectl's stdout). */
  text: string;
  /** The columns after decoration (NAMESPACE first with -A), from the last table that had any. */
  columns: ServerColumnDefinition[];
  rowCount: number;
}

const NAMESPACE_COLUMN: ServerColumnDefinition = { name: 'Namespace', type: 'string', format: '', description: '', priority: 0 };

function sameColumns(a: ServerColumnDefinition[], b: ServerColumnDefinition[]): boolean {
  return (
    a.length === b.length &&
    a.every((c, i) => {
      const d = b[i];
      return d !== undefined && c.name === d.name && c.type === d.type && c.format === d.format && c.description === d.description && c.priority === d.priority;
    })
  );
}

/** strings.ToUpper: per code point, leaving characters whose upper case is not one code point (ß). */
function goToUpper(s: string): string {
  let out = '';
  for (const ch of s) {
    const up = ch.toUpperCase();
    out += Array.from(up).length === 1 ? up : ch; // code points, as Go's strings.ToUpper counts them
  }
  return out;
}

// printers.WriteEscaped: neutralise terminal escapes in server-supplied text (kubectl >= 1.28).
function escapeTerminal(s: string): string {
  return s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');
}

function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    // Truncate at the first newline, carriage return or formfeed (tabwriter treats \f as a newline).
    const at = cell.search(/[\f\n\r]/);
    return at >= 0 ? `${escapeTerminal(cell.slice(0, at))}...` : escapeTerminal(cell);
  }
  return escapeTerminal(goSprint(cell));
}

// decorateTable: the NAMESPACE column goes first, filled from each row's object metadata (empty when
// the server sent no object).
function decorate(table: ServerTable, opts: TablePrintOptions): ServerTable {
  if (!opts.withNamespace) return table;
  return {
    columnDefinitions: [NAMESPACE_COLUMN, ...table.columnDefinitions],
    rows: table.rows.map((row) => ({
      object: row.object,
      cells: [row.object ? metadataString(row.object, 'namespace') : null, ...row.cells],
    })),
  };
}

function printTable(table: ServerTable, w: TabWriter, opts: TablePrintOptions, noHeaders: boolean): void {
  const visible = (c: ServerColumnDefinition) => opts.wide || c.priority === 0;
  if (!noHeaders) {
    // No header at all when this table has no rows.
    if (table.rows.length === 0) return;
    w.write(`${table.columnDefinitions.filter(visible).map((c) => goToUpper(c.name)).join('\t')}\n`);
  }
  for (const row of table.rows) {
    const cells: string[] = [];
    row.cells.forEach((cell, i) => {
      const def = table.columnDefinitions[i];
      // Extra cells beyond the column definitions are ignored (kubernetes issue 66379).
      if (def === undefined || !visible(def)) return;
      cells.push(formatCell(cell));
    });
    w.write(`${cells.join('\t')}\n`);
  }
}

/** HumanReadablePrinter state across PrintObj calls: the header is printed once per column set. */
export function printServerTables(pages: JsonObject[], opts: TablePrintOptions): TablePrintResult {
  const w = new TabWriter();
  let lastColumns: ServerColumnDefinition[] = [];
  let printedHeaders = false;
  let columns: ServerColumnDefinition[] = [];
  let rowCount = 0;
  for (const page of pages) {
    const table = toServerTable(page);
    const noHeaders = printedHeaders && (table.columnDefinitions.length === 0 || sameColumns(table.columnDefinitions, lastColumns));
    if (table.columnDefinitions.length === 0) {
      // Tables without column definitions reuse the last ones (watch events do this).
      table.columnDefinitions = lastColumns;
    } else if (!sameColumns(table.columnDefinitions, lastColumns)) {
      lastColumns = table.columnDefinitions;
      printedHeaders = false;
    }
    if (table.rows.length > 0) printedHeaders = true;
    const decorated = decorate(table, opts);
    if (decorated.columnDefinitions.length > 0) columns = decorated.columnDefinitions;
    rowCount += decorated.rows.length;
    printTable(decorated, w, opts, noHeaders);
  }
  w.flush();
  return { text: w.output, columns, rowCount };
}

const OBJECT_META_COLUMNS: ServerColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
  { name: 'Age', type: 'string', format: '', description: '', priority: 0 },
];

/**
 * The fallback when the server answered with objects rather than a Table: kubectl's default print
 * handler shows NAME and AGE only, the age computed on the client from creationTimestamp.
 */
export function printObjectsAsTable(pages: unknown[], opts: TablePrintOptions, now: Date): TablePrintResult {
  const objects = objectsOfPages(pages);
  const w = new TabWriter();
  objects.forEach((obj, i) => {
    if (i === 0) w.write(`${opts.withNamespace ? 'NAMESPACE\t' : ''}NAME\tAGE\n`);
    const ns = opts.withNamespace ? `${metadataString(obj, 'namespace')}\t` : '';
    w.write(`${ns}${metadataString(obj, 'name')}\t${translateTimestampSince(metadataString(obj, 'creationTimestamp'), now)}\n`);
  });
  w.flush();
  return {
    text: w.output,
    columns: opts.withNamespace ? [NAMESPACE_COLUMN, ...OBJECT_META_COLUMNS] : OBJECT_META_COLUMNS,
    rowCount: objects.length,
  };
}
