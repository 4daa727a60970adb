// -o custom-columns=HEADER:PATH,… and -o custom-columns-file=FILE (kubectl/pkg/cmd/get/customcolumn.go):
// one column per jsonpath (relaxed: "metadata.name" means "{.metadata.name}"), values found joined
// with commas, <none> when there are none, all through a tab writer. Whole objects are printed, so the
// request for these formats asks for JSON, not a Table (see request-needs in printer-flags.ts).

import { goSprint } from './go-values.js';
import { compileJsonPath, JsonPathExecError, JsonPathParseError, rawOf, relaxedJsonPathExpression, RelaxedPathError, topLevel, unbox, type JsonPath } from './jsonpath/index.js';
import type { PrinterOutcome } from './jsonpath-printer.js';
import { TabWriter } from './tabwriter.js';
import { escapeTerminal } from './terminal.js';

export interface CustomColumn {
  header: string;
  fieldSpec: string;
}

export interface CustomColumnsPrinter {
  columns: CustomColumn[];
  noHeaders: boolean;
}

function relax(spec: string): string | { error: string } {
  try {
    return relaxedJsonPathExpression(spec);
  } catch (e) {
    if (e instanceof RelaxedPathError) return { error: e.message };
    throw e;
  }
}

/** NewCustomColumnsPrinterFromSpec */
export function customColumnsFromSpec(spec: string, noHeaders: boolean): CustomColumnsPrinter | { error: string } {
  if (spec.length === 0) return { error: 'custom-columns format specified but no custom columns given' };
  const columns: CustomColumn[] = [];
  for (const part of spec.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 0) return { error: `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>` };
    const fieldSpec = relax(part.slice(colon + 1));
    if (typeof fieldSpec !== 'string') return fieldSpec;
    columns.push({ header: part.slice(0, colon), fieldSpec });
  }
  return { columns, noHeaders };
}

// bufio.ScanWords splits on unicode.IsSpace.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
const words = (line: string): string[] => line.split(GO_SPACE).filter((w) => w !== '');

/** NewCustomColumnsPrinterFromTemplate: a header line and a spec line (it never honours --no-headers). */
export function customColumnsFromTemplate(text: string | null): CustomColumnsPrinter | { error: string } {
  // bufio.Scanner's lines: "\n"-terminated, a trailing "\r" dropped, no final empty line.
  const lines = text === null || text === '' ? [] : text.replace(/\n$/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  const [headerLine, specLine] = lines;
  const tail = 'Expected format is one line of space separated headers, one line of space separated column specs.';
  if (headerLine === undefined) return { error: `invalid template, missing header line. ${tail}` };
  if (specLine === undefined) return { error: `invalid template, missing spec line. ${tail}` };
  const headers = words(headerLine);
  const specs = words(specLine);
  if (headers.length !== specs.length) return { error: `number of headers (${headers.length}) and field specifications (${specs.length}) don't match` };
  const columns: CustomColumn[] = [];
  for (const [ix, header] of headers.entries()) {
    const fieldSpec = relax(specs[ix] as string);
    if (typeof fieldSpec !== 'string') return fieldSpec;
    columns.push({ header, fieldSpec });
  }
  return { columns, noHeaders: false };
}

/** CustomColumnsPrinter.PrintObj over the List kubectl built (or one object), flushed when it returns. */
export function printCustomColumns(printer: CustomColumnsPrinter, obj: unknown, isList: boolean): PrinterOutcome {
  const w = new TabWriter();
  const done = (error: string | null): PrinterOutcome => {
    w.flush();
    return { text: w.output, error };
  };
  if (!printer.noHeaders) w.write(`${printer.columns.map((c) => c.header).join('\t')}\n`);
  const parsers: JsonPath[] = [];
  for (const c of printer.columns) {
    try {
      parsers.push(compileJsonPath(c.fieldSpec, { allowMissingKeys: true }));
    } catch (e) {
      if (e instanceof JsonPathParseError) return done(e.message);
      throw e;
    }
  }
  const items = isList && typeof obj === 'object' && obj !== null && Array.isArray((obj as { items?: unknown }).items) ? ((obj as { items: unknown[] }).items) : [obj];
  for (const item of items) {
    const cells: string[] = [];
    for (const parser of parsers) {
      let values;
      try {
        values = parser.findResults(topLevel(item));
      } catch (e) {
        if (e instanceof JsonPathExecError) return done(e.message);
        throw e;
      }
      const strings = values.flat().map((v) => escapeTerminal(goSprint(rawOf(unbox(v)))));
      cells.push(values.length === 0 || (values[0]?.length ?? 0) === 0 ? ['<none>', ...strings].join(',') : strings.join(','));
    }
    w.write(`${cells.join('\t')}\n`);
  }
  return done(null);
}
