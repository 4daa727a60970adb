// kubectl's human-readable printer (cli-runtime printers/tableprinter.go, HumanReadablePrinter, as in
// kubectl 1.27–1.33: not the later pre-scan padding and periodic flushes). It prints the server's
// Tables (decorateTable adds NAMESPACE, the -L label columns, LABELS, and KIND/ before NAME), and,
// for objects that are not Tables (--server-print=false, or a server without Table support), its own
// NAME/AGE handler with the age computed on the client.

import { goSprint } from './go-values.js';
import { translateTimestampSince } from './human-duration.js';
import { goToUpper, labelCells, labelHeaders, labelsOf } from './labels.js';
import { metadataOf, metadataString, type JsonObject, type ServerColumnDefinition, type ServerTable } from './response-shapes.js';
import type { TabWriter } from './tabwriter.js';
import { escapeTerminal } from './terminal.js';

/** printers.PrintOptions, as get's HumanPrintFlags fill them. */
export interface HumanPrintOptions {
  noHeaders: boolean;
  wide: boolean;
  withNamespace: boolean;
  withKind: boolean;
  /** schema.GroupKind.String(): "Pod", "Deployment.apps"; '' when unknown */
  kind: string;
  columnLabels: string[];
  showLabels: boolean;
}

const NAMESPACE_COLUMN: ServerColumnDefinition = { name: 'Namespace', type: 'string', format: '', description: '', priority: 0 };

/** printObjectMeta's columns: what kubectl shows for an object the server did not render. */
export const OBJECT_META_COLUMNS: ServerColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
  { name: 'Age', type: 'string', format: '', description: '', priority: 0 },
];

function sameColumns(a: ServerColumnDefinition[], b: ServerColumnDefinition[]): boolean {
  return (
    a.length === b.length &&
    a.every((c, i) => {
      const d = b[i];
      return d !== undefined && c.name === d.name && c.type === d.type && c.format === d.format && c.description === d.description && c.priority === d.priority;
    })
  );
}

/** fmt's %s of a table cell (only strings are expected in a name column). */
function sprintS(cell: unknown): string {
  if (typeof cell === 'string') return cell;
  if (cell === null || cell === undefined) return '%!s(<nil>)';
  if (typeof cell === 'number') return `%!s(${Number.isInteger(cell) ? 'int64' : 'float64'}=${goSprint(cell)})`;
  if (typeof cell === 'boolean') return `%!s(bool=${cell})`;
  return goSprint(cell);
}

// Cells are written with WriteEscaped by every release 1.27–1.33 (checked with a label value holding
// ESC and CR).
function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    // Truncate at the first newline, carriage return or formfeed (tabwriter treats \f as a newline).
    const at = cell.search(/[\f\n\r]/);
    return at >= 0 ? `${escapeTerminal(cell.slice(0, at))}...` : escapeTerminal(cell);
  }
  return escapeTerminal(goSprint(cell));
}

// tableprinter.go's formattedEventType: padded so the rows of a watch line up before the tab writer sees them.
const FORMATTED_EVENT_TYPE: Record<string, string> = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ', ERROR: 'ERROR   ' };

function formatEventType(t: string): string {
  return FORMATTED_EVENT_TYPE[t] ?? t;
}

/** decorateTable, including its padding loop for rows without an object (which pads only half-way). */
export function decorateTable(table: ServerTable, opts: HumanPrintOptions): ServerTable {
  const defs = table.columnDefinitions;
  const width = defs.length + opts.columnLabels.length + (opts.withNamespace ? 1 : 0) + (opts.showLabels ? 1 : 0);
  let nameColumn = -1;
  if (opts.withKind && opts.kind !== '') nameColumn = defs.findIndex((c) => c.format === 'name' && c.type === 'string');
  let columns = defs;
  if (width !== defs.length) {
    columns = [
      ...(opts.withNamespace ? [NAMESPACE_COLUMN] : []),
      ...defs,
      ...labelHeaders(opts.columnLabels).map((name): ServerColumnDefinition => ({ name, type: 'string', format: '', description: '', priority: 0 })),
      ...(opts.showLabels ? [{ name: 'Labels', type: 'string', format: '', description: '', priority: 0 }] : []),
    ];
  }
  const includeLabels = opts.columnLabels.length > 0 || opts.showLabels;
  if (!(includeLabels || opts.withNamespace || nameColumn !== -1)) return { columnDefinitions: columns, rows: table.rows };
  const rows = table.rows.map((row) => {
    let cells = [...row.cells];
    if (nameColumn !== -1 && nameColumn < cells.length) cells[nameColumn] = `${opts.kind.toLowerCase()}/${sprintS(cells[nameColumn])}`;
    const meta = row.object ? metadataOf(row.object) ?? {} : null;
    if (meta === null) {
      if (opts.withNamespace) cells = [null, ...cells];
      for (let j = 0; j < width - cells.length; j++) cells.push(null);
      return { object: row.object, cells };
    }
    if (opts.withNamespace) cells = [metadataString(row.object, 'namespace'), ...cells];
    if (includeLabels) cells.push(...labelCells(labelsOf(meta), opts.columnLabels, opts.showLabels));
    return { object: row.object, cells };
  });
  return { columnDefinitions: columns, rows };
}

/** printTable: the visible columns of a decorated Table; no header at all when it has no rows. */
function writeTable(table: ServerTable, w: TabWriter, opts: HumanPrintOptions): void {
  const visible = (c: ServerColumnDefinition): boolean => opts.wide || c.priority === 0;
  const defs = table.columnDefinitions;
  if (!opts.noHeaders) {
    if (table.rows.length === 0) return;
    w.write(`${defs.filter(visible).map((c) => goToUpper(c.name)).join('\t')}\n`);
  }
  for (const row of table.rows) {
    const cells: string[] = [];
    for (const [i, cell] of row.cells.entries()) {
      const def = defs[i];
      if (def === undefined) break; // more cells than column definitions (kubernetes issue 66379)
      if (!visible(def)) continue;
      cells.push(formatCell(cell));
    }
    w.write(`${cells.join('\t')}\n`);
  }
}

export interface PrintedObject {
  rows: number;
  /** the decorated columns of what was printed (NAMESPACE, …, LABELS) */
  columns: ServerColumnDefinition[];
}

/** One HumanReadablePrinter: it remembers the last columns it printed a header for, across calls. */
export class HumanReadablePrinter {
  private lastColumns: ServerColumnDefinition[] = [];
  private printedHeaders = false;
  private lastType: 'default' | null = null;

  constructor(
    private readonly opts: HumanPrintOptions,
    private readonly now: Date,
  ) {}

  /**
   * PrintObj of a (decoded) server Table. `eventType`: the Table came inside a WatchEvent
   * (--output-watch-events), so an EVENT column goes first, after decorateTable, as tableprinter.go adds it.
   */
  printTable(table: ServerTable, w: TabWriter, eventType?: string): PrintedObject {
    const local = { ...this.opts };
    if (this.printedHeaders && (table.columnDefinitions.length === 0 || sameColumns(table.columnDefinitions, this.lastColumns))) local.noHeaders = true;
    let defs = table.columnDefinitions;
    if (defs.length === 0) defs = this.lastColumns; // watch events send rows without column definitions
    else if (!sameColumns(defs, this.lastColumns)) {
      this.lastColumns = defs;
      this.printedHeaders = false;
    }
    if (table.rows.length > 0) this.printedHeaders = true;
    let decorated = decorateTable({ columnDefinitions: defs, rows: table.rows }, local);
    if (eventType !== undefined) {
      decorated = {
        columnDefinitions: [{ name: 'Event', type: 'string', format: '', description: '', priority: 0 }, ...decorated.columnDefinitions],
        rows: decorated.rows.map((r) => ({ object: r.object, cells: [formatEventType(eventType), ...r.cells] })),
      };
    }
    writeTable(decorated, w, local);
    return { rows: decorated.rows.length, columns: decorated.columnDefinitions };
  }

  /** PrintObj of an object that is not a Table: printObjectMeta's NAME and AGE, printed by printRows. */
  printObject(obj: JsonObject, w: TabWriter): PrintedObject {
    const o = this.opts;
    const headers = [
      ...(o.withNamespace ? ['NAMESPACE'] : []),
      ...OBJECT_META_COLUMNS.map((c) => goToUpper(c.name)),
      ...labelHeaders(o.columnLabels),
      ...(o.showLabels ? ['LABELS'] : []),
    ];
    const includeHeaders = this.lastType !== 'default' && !o.noHeaders;
    if (includeHeaders) w.write(`${headers.join('\t')}\n`);
    this.lastType = 'default';
    const name = metadataString(obj, 'name');
    const age = translateTimestampSince(metadataString(obj, 'creationTimestamp'), this.now);
    let line = o.withNamespace ? `${metadataString(obj, 'namespace')}\t` : '';
    line += o.withKind && o.kind !== '' ? `${o.kind.toLowerCase()}/${name}` : name;
    line += `\t${age}`;
    if (o.columnLabels.length > 0 || o.showLabels) line += labelCells(labelsOf(metadataOf(obj)), o.columnLabels, o.showLabels).map((v) => `\t${v}`).join('');
    w.write(`${line}\n`);
    return {
      rows: 1,
      columns: [
        ...(o.withNamespace ? [NAMESPACE_COLUMN] : []),
        ...OBJECT_META_COLUMNS,
        ...labelHeaders(o.columnLabels).map((n): ServerColumnDefinition => ({ name: n, type: 'string', format: '', description: '', priority: 0 })),
        ...(o.showLabels ? [{ name: 'Labels', type: 'string', format: '', description: '', priority: 0 }] : []),
      ],
    };
  }
}

