// kubectl-compatible output for `kubectl get`: given the bodies the server returned, produce exactly
// what kubectl (1.27–1.33) writes to stdout and stderr, and its exit code.
//
// - table / wide: the server's Table(s), printed by kubectl's table printer (table-printer.ts), with
//   --show-labels, -L, --no-headers, --show-kind and --sort-by; several resource types print one
//   table each (get-output.ts);
// - json / yaml / name / jsonpath / custom-columns: kubectl's printGeneric over the objects;
// - nothing printed by a table → "No resources found in <ns> namespace." on stderr, exit 0.
//
// The engine passes the printing flags as the CLI parsed them (`print`), one entry per resource
// when several were asked for (`resources`), the errors of requests that failed (`errors`), and the
// template file kubectl would read (`templateFile`, from readTemplateFile).

import { getOutput, type FormatRequestError, type FormatResource } from './get-output.js';
import { getRequestNeeds } from './printer-flags.js';
import type { ServerColumnDefinition } from './response-shapes.js';
import { DEFAULT_PRINT_FLAGS, type OutputFormat, type PrintFlags, type ResourceKind, type TableColumn, type TemplateFileRead } from './types.js';

export interface FormatInput {
  output: OutputFormat; // 'table' | 'wide' | 'json' | 'yaml' | 'name' | 'jsonpath' | … (see types.ts)
  allNamespaces: boolean; // -A: adds the NAMESPACE column
  namespace: string; // effective namespace, for "No resources found in X namespace."
  resourceName: string | null; // `get pods NAME`
  /** Decoded JSON body of each page, in order: a meta.k8s.io/v1 Table, a list, or a single object. */
  pages: unknown[];
  /**
   * kubectl's own clock, for ages it computes itself (objects instead of a Table, --server-print=false)
   * and for a klog fatal line's time. Defaults to the current time.
   */
  now?: Date;
  /** The printing flags as parsed (GetCommand.print). Absent: those `output` alone implies. */
  print?: Partial<PrintFlags>;
  /** What `pages` are of (discovery's mapping): --show-kind needs the kind and group. */
  resourceKind?: ResourceKind;
  /**
   * Several resources in one get (`get pods,services`, `get pod/a node/b`): one entry per request, in
   * the order kubectl sends them. Replaces `pages`/`resourceKind` when given.
   */
  resources?: FormatResource[];
  /** Requests that failed while others succeeded (e.g. one NAME of several not found), in order. */
  errors?: FormatRequestError[];
  /**
   * kubectl's singleItemImplied: exactly one object was asked for by name (`get pod x`, `get pod/x`),
   * so -o json/yaml print it and not a List. Default: `resourceName !== null`.
   */
  singleItemImplied?: boolean;
  /** The file of -o jsonpath-file=FILE / -o custom-columns-file=FILE, as readTemplateFile read it. */
  templateFile?: TemplateFileRead;
  /** The kubectl minor version being modelled (printing differs by release); default 32. */
  kubectlMinor?: number;
  /** The process id a klog fatal line names; default this process's. */
  pid?: number;
}

export interface FormatResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  printedFrom: 'server-table' | 'objects';
  columns: TableColumn[];
  rowCount: number;
  /** What kube-trace could not reproduce exactly for this output, in a sentence each (usually none). */
  caveats: string[];
}

export type { FormatRequestError, FormatResource } from './get-output.js';
export type { OutputFormat, PrintFlags, ResourceKind, TableColumn, TemplateFileRead } from './types.js';
export { DEFAULT_PRINT_FLAGS } from './types.js';
export { choosePrinter, getRequestNeeds, outputFormatOf, templateFilePath, type GetRequestNeeds, type PrinterChoice } from './printer-flags.js';
export { readTemplateFile } from './template-file.js';
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

/** The -o value an OutputFormat stands for when the caller gave no print flags. */
function outputArgOf(output: OutputFormat): string {
  return output === 'table' ? '' : output;
}

const NO_KIND: ResourceKind = { kind: '', group: '', version: '', resource: '', namespaced: true };

export function formatOutput(input: FormatInput): FormatResult {
  const print: PrintFlags = { ...DEFAULT_PRINT_FLAGS, ...input.print, output: input.print?.output ?? outputArgOf(input.output) };
  const resources = input.resources ?? [{ ...(input.resourceKind ?? NO_KIND), pages: input.pages }];
  const r = getOutput({
    print,
    resources,
    errors: input.errors ?? [],
    allNamespaces: input.allNamespaces,
    namespace: input.namespace,
    singleItemImplied: input.singleItemImplied ?? input.resourceName !== null,
    templateFile: input.templateFile ?? null,
    kubectlMinor: input.kubectlMinor ?? 32,
    now: input.now ?? new Date(),
    pid: input.pid ?? process.pid,
  });
  return { ...r, columns: toTableColumns(r.columns, print.output === 'wide') };
}

/** What a get with these printing flags asks of its request (see GetRequestNeeds). */
export function requestNeedsOf(print: Partial<PrintFlags>): ReturnType<typeof getRequestNeeds> {
  return getRequestNeeds({ ...DEFAULT_PRINT_FLAGS, ...print });
}
export { WatchPrinter, watchPrinterKind, type WatchPrintOptions, type WatchPrinterKind } from './watch-output.js';
