// kubectl get's Run (kubectl/pkg/cmd/get/get.go) from the responses on: the human-readable loop
// (one tab writer per resource type, a blank line between types, KIND/ before names when several
// kinds were asked for, "No resources found" only when nothing at all was printed) and printGeneric
// (everything flattened into one List for json/yaml/name/jsonpath/custom-columns).

import { customColumnsFromSpec, customColumnsFromTemplate, printCustomColumns, type CustomColumnsPrinter } from './custom-columns.js';
import { printJson } from './json-printer.js';
import { newJsonPathPrinter, printJsonPath, type PrinterOutcome } from './jsonpath-printer.js';
import { choosePrinter, type PrinterChoice } from './printer-flags.js';
import { isJsonObject, isListBody, isTableBody, listItems, metadataOf, toServerTable, type JsonObject, type ServerColumnDefinition } from './response-shapes.js';
import { sortObjects, sortTableRows, SortError, SortFatal } from './sorter.js';
import { HumanReadablePrinter, type HumanPrintOptions } from './table-printer.js';
import { TabWriter } from './tabwriter.js';
import type { PrintFlags, ResourceKind, TemplateFileRead } from './types.js';
import { printYaml } from './yaml-printer.js';

/** The responses of one request (or one resource's pages), with what discovery says it is. */
export interface FormatResource extends ResourceKind {
  /** Decoded JSON bodies in order: Tables, lists, or single objects. */
  pages: unknown[];
}

/** A request of this get that failed, as kubectl would word its error. */
export interface FormatRequestError {
  /**
   * The error's message as kubectl prints it on its own line: the StandardErrorMessage
   * ('Error from server (NotFound): pods "nope" not found') or the Go error's text.
   */
  message: string;
  /** An API NotFound (404 with reason NotFound): --ignore-not-found drops it. */
  notFound: boolean;
}

export interface GetOutputInput {
  print: PrintFlags;
  resources: FormatResource[];
  errors: FormatRequestError[];
  allNamespaces: boolean;
  namespace: string;
  singleItemImplied: boolean;
  templateFile: TemplateFileRead | null;
  kubectlMinor: number;
  now: Date;
  pid: number;
}

export interface GetOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  printedFrom: 'server-table' | 'objects';
  columns: ServerColumnDefinition[];
  rowCount: number;
  caveats: string[];
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** klog's "F" header (local time, microseconds, pid in 7 columns); the time and pid are this process's. */
function klogFatal(now: Date, pid: number, line: number, message: string): string {
  const micros = `${pad(now.getMilliseconds(), 3)}000`;
  return `F${pad(now.getMonth() + 1)}${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${micros} ${String(pid).padStart(7)} sorter.go:${line}] ${message}\n`;
}

const STANDARD = /^(Error from server|Unable to connect to the server|error: )/;

/** checkErr's wording of the one error printGeneric returns ("error: " unless kubectl's own form). */
function singleErrorLine(message: string): string {
  const m = STANDARD.test(message) ? message : `error: ${message}`;
  return m.endsWith('\n') ? m : `${m}\n`;
}

/** utilerrors.Reduce(Flatten(NewAggregate(errs))) as checkErr prints it. */
function reduceErrors(messages: string[]): string {
  if (messages.length === 0) return '';
  if (messages.length === 1) return singleErrorLine(messages[0] as string);
  return messages.map((m) => (m.endsWith('\n') ? m : `${m}\n`)).join('');
}

const groupKind = (r: ResourceKind): string => (r.kind === '' ? '' : r.group === '' ? r.kind : `${r.kind}.${r.group}`);
const gvk = (r: ResourceKind): string => `${r.group}/${r.version}/${r.kind}`;
const gvr = (r: ResourceKind): string => `${r.group}/${r.version}/${r.resource}`;

interface Info {
  obj: JsonObject;
  table: boolean;
  resource: FormatResource;
}

/** The builder's infos: a Table per response, list items flattened, single objects as they are. */
function infosOf(resources: FormatResource[]): Info[] {
  const infos: Info[] = [];
  for (const resource of resources) {
    for (const page of resource.pages) {
      if (isTableBody(page) && isJsonObject(page)) infos.push({ obj: page, table: true, resource });
      else if (isListBody(page)) for (const item of listItems(page)) infos.push({ obj: item, table: false, resource });
      else if (isJsonObject(page)) infos.push({ obj: page, table: false, resource });
    }
  }
  return infos;
}

function fatalOutput(stdout: string, e: SortFatal, input: GetOutputInput, printedFrom: GetOutput['printedFrom']): GetOutput {
  return {
    stdout,
    stderr: klogFatal(input.now, input.pid, e.line, e.message),
    exitCode: e.exitCode,
    printedFrom,
    columns: [],
    rowCount: 0,
    caveats: ['kubectl stops here with a klog fatal line; its time and process id are this run\'s, not kubectl\'s.'],
  };
}

function humanReadable(input: GetOutputInput, wide: boolean): GetOutput {
  const { print } = input;
  const errors = input.errors.filter((e) => !(print.ignoreNotFound && e.notFound));
  let infos = infosOf(input.resources);
  const first = infos[0];
  const multipleKinds = first !== undefined && infos.length >= 2 && infos.some((i) => gvk(i.resource) !== gvk(first.resource));
  const printWithKind = multipleKinds || print.showKind;
  const sort = print.sortBy !== '';
  const printedFrom: GetOutput['printedFrom'] = infos.some((i) => i.table) ? 'server-table' : 'objects';

  if (sort && infos.length > 1) {
    try {
      const order = sortObjects(infos.map((i) => i.obj), print.sortBy, input.kubectlMinor);
      infos = order.map((ix) => infos[ix] as Info);
    } catch (e) {
      if (e instanceof SortError) return { stdout: '', stderr: singleErrorLine(e.message), exitCode: 1, printedFrom, columns: [], rowCount: 0, caveats: [] };
      if (e instanceof SortFatal) return fatalOutput('', e, input, printedFrom);
      throw e;
    }
  }

  let stdout = '';
  let ready = false;
  let w = new TabWriter();
  let printer: HumanReadablePrinter | null = null;
  let lastMapping: FormatResource | null = null;
  let withNamespace = false; // EnsureWithNamespace mutates flags shared by every later printer
  let allNamespaced = !input.allNamespaces;
  let columns: ServerColumnDefinition[] = [];
  let rowCount = 0;
  const flush = (): void => {
    w.flush();
    if (w.output !== '') {
      stdout += (ready ? '\n' : '') + w.output;
      ready = false;
    }
    w = new TabWriter();
  };
  try {
    for (const info of infos) {
      const mapping = info.resource;
      allNamespaced = allNamespaced && mapping.namespaced;
      if (printer === null || lastMapping === null || gvr(mapping) !== gvr(lastMapping)) {
        flush();
        if (lastMapping !== null && !print.noHeaders && stdout.length > 0) ready = true;
        if (input.allNamespaces && mapping.namespaced) withNamespace = true;
        const opts: HumanPrintOptions = {
          noHeaders: print.noHeaders,
          wide,
          withNamespace,
          withKind: printWithKind,
          kind: groupKind(mapping),
          columnLabels: print.labelColumns,
          showLabels: print.showLabels,
        };
        printer = new HumanReadablePrinter(opts, input.now);
        lastMapping = mapping;
      }
      if (info.table) {
        const table = toServerTable(info.obj);
        if (sort && table.rows.length > 1) {
          try {
            const order = sortTableRows(table.rows.map((r) => r.object), print.sortBy, input.kubectlMinor);
            table.rows = order.map((ix) => table.rows[ix] as (typeof table.rows)[number]);
          } catch (e) {
            // get.go ignores what printer.PrintObj returns: this Table is simply not printed.
            if (e instanceof SortError) continue;
            throw e;
          }
        }
        const r = printer.printTable(table, w);
        rowCount += r.rows;
        if (r.columns.length > 0) columns = r.columns;
      } else {
        const r = printer.printObject(info.obj, w);
        rowCount += r.rows;
        columns = r.columns;
      }
    }
  } catch (e) {
    if (e instanceof SortFatal) return fatalOutput(stdout, e, input, printedFrom);
    throw e;
  }
  flush();
  let stderr = '';
  if (stdout.length === 0 && !print.ignoreNotFound && errors.length === 0) {
    stderr = allNamespaced ? `No resources found in ${input.namespace} namespace.\n` : 'No resources found\n';
  }
  stderr += errors.map((e) => (e.message.endsWith('\n') ? e.message : `${e.message}\n`)).join('');
  return { stdout, stderr, exitCode: errors.length > 0 ? 1 : 0, printedFrom, columns, rowCount, caveats: [] };
}

// OmitManagedFieldsPrinter: unstructured SetManagedFields(nil) deletes metadata.managedFields.
function withoutManagedFields(obj: JsonObject): JsonObject {
  const meta = metadataOf(obj);
  if (!meta || !('managedFields' in meta)) return obj;
  const { managedFields: _dropped, ...rest } = meta;
  return { ...obj, metadata: rest };
}

/** NamePrinter: "<kind lower-cased>[.<group>]/<name>" per object. */
function nameLine(obj: JsonObject): string {
  const kind = typeof obj['kind'] === 'string' ? obj['kind'] : '';
  const apiVersion = typeof obj['apiVersion'] === 'string' ? obj['apiVersion'] : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  const rawName = metadataOf(obj)?.['name'];
  const name = typeof rawName === 'string' && rawName !== '' ? rawName : '<unknown>';
  return group === '' ? `${kind.toLowerCase()}/${name}\n` : `${kind.toLowerCase()}.${group}/${name}\n`;
}

type BuiltPrinter =
  | { kind: 'json' | 'yaml' | 'name' }
  | { kind: 'jsonpath'; print: (obj: unknown) => PrinterOutcome }
  | { kind: 'custom-columns'; printer: CustomColumnsPrinter };

/** The rest of ToPrinter: read the template file, parse the template (errors come after the request). */
function buildPrinter(choice: PrinterChoice, input: GetOutputInput): BuiltPrinter | { error: string } {
  switch (choice.kind) {
    case 'json':
    case 'yaml':
    case 'name':
      return { kind: choice.kind };
    case 'jsonpath': {
      let template = choice.value;
      if (choice.format === 'jsonpath-file') {
        const f = input.templateFile?.path === choice.value ? input.templateFile : null;
        if (f === null) return { error: `kube-trace was not given the contents of ${choice.value}` };
        if (f.text === null) return { error: `error reading --template ${choice.value}, ${f.openError ?? f.readError ?? ''}\n` };
        template = f.text;
      }
      const p = newJsonPathPrinter(template, { allowMissingKeys: input.print.allowMissingTemplateKeys, outputJSON: choice.format === 'jsonpath-as-json', kubectlMinor: input.kubectlMinor });
      if ('error' in p) return p;
      return { kind: 'jsonpath', print: (obj) => printJsonPath(p.printer, template, obj) };
    }
    case 'custom-columns': {
      if (choice.format === 'custom-columns-file') {
        const f = input.templateFile?.path === choice.value ? input.templateFile : null;
        if (f === null) return { error: `kube-trace was not given the contents of ${choice.value}` };
        if (f.openError !== null) return { error: `error reading template ${choice.value}, ${f.openError}\n` };
        const printer = customColumnsFromTemplate(f.text);
        return 'error' in printer ? printer : { kind: 'custom-columns', printer };
      }
      const printer = customColumnsFromSpec(choice.value, input.print.noHeaders);
      return 'error' in printer ? printer : { kind: 'custom-columns', printer };
    }
    case 'go-template':
      return { error: 'kube-trace does not print go templates' };
    case 'error':
      return { error: choice.message };
    case 'human':
      return { error: 'not a generic printer' };
  }
}

function generic(input: GetOutputInput, choice: PrinterChoice): GetOutput {
  const { print } = input;
  const errors = input.errors.filter((e) => !(print.ignoreNotFound && e.notFound)).map((e) => e.message);
  const out = (stdout: string, errs: string[], rowCount: number, caveats: string[] = []): GetOutput => ({
    stdout,
    stderr: reduceErrors(errs),
    exitCode: errs.length > 0 ? 1 : 0,
    printedFrom: 'objects',
    columns: [],
    rowCount,
    caveats,
  });
  if (input.singleItemImplied && errors.length > 0) return out('', errors, 0);
  let objects = infosOf(input.resources).map((i) => i.obj);
  if (objects.length === 0 && print.ignoreNotFound) return out('', errors, 0);

  const built = buildPrinter(choice, input);
  if ('error' in built) return out('', [...errors, built.error], 0);

  const single = input.singleItemImplied && objects.length === 1;
  if (!single && print.sortBy !== '' && objects.length > 0) {
    try {
      objects = sortObjects(objects, print.sortBy, input.kubectlMinor).map((ix) => objects[ix] as JsonObject);
    } catch (e) {
      if (e instanceof SortError) return out('', [...errors, e.message], 0);
      if (e instanceof SortFatal) return fatalOutput('', e, input, 'objects');
      throw e;
    }
  }
  const list = (items: JsonObject[]): JsonObject => ({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
  const keepManaged = print.showManagedFields;
  switch (built.kind) {
    case 'json':
    case 'yaml': {
      const strip = (o: JsonObject): JsonObject => (keepManaged ? o : withoutManagedFields(o));
      const printed = single ? strip(objects[0] as JsonObject) : list(objects.map(strip));
      return out(built.kind === 'json' ? printJson(printed, input.kubectlMinor) : printYaml(printed), errors, objects.length);
    }
    case 'name':
      return out(objects.map(nameLine).join(''), errors, objects.length);
    case 'jsonpath': {
      const r = built.print(single ? objects[0] : list(objects));
      const caveats = /\.\.|\.\*/.test(print.output + print.template)
        ? ['kubectl walks map keys for `..` and `.*` in Go\'s random map order; kube-trace walks them sorted, so the order of those values may differ from a kubectl run.']
        : [];
      return out(r.text, r.error === null ? errors : [...errors, r.error], objects.length, caveats);
    }
    case 'custom-columns': {
      const r = printCustomColumns(built.printer, single ? objects[0] : list(objects), !single);
      return out(r.text, r.error === null ? errors : [...errors, r.error], objects.length);
    }
  }
}

export function getOutput(input: GetOutputInput): GetOutput {
  const choice = choosePrinter(input.print);
  if (choice.kind === 'human') return humanReadable(input, choice.wide);
  return generic(input, choice);
}
