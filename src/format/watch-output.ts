// What `kubectl get -w` prints (kubectl/pkg/cmd/get/get.go, watch(), the same in 1.27–1.33): one printer
// and one tab writer for the whole run. First the list's objects (unless --watch-only), then every
// watch event's object, the writer flushed after the list and after each event. The tab writer
// remembers column widths across flushes, so later rows keep (or widen) the list's columns; the
// printer remembers that it printed a header, and the server sends its Table's column definitions
// only with the first event, so events print rows without a header. --output-watch-events wraps each
// object in a WatchEvent: an EVENT column for tables, {"type", "object"} for -o json/yaml.
import { goJsonCompact, printJson } from './json-printer.js';
import { choosePrinter } from './printer-flags.js';
import { isJsonObject, isListBody, isTableBody, listItems, metadataOf, toServerTable, type JsonObject } from './response-shapes.js';
import { HumanReadablePrinter } from './table-printer.js';
import { TabWriter } from './tabwriter.js';
import type { PrintFlags, ResourceKind } from './types.js';
import { printYaml } from './yaml-printer.js';

/** The printers `get -w` supports in kube-trace; the others are refused before anything is sent. */
export type WatchPrinterKind = 'human' | 'json' | 'yaml' | 'name';

/** Which printer a -w run would use, or null when kube-trace does not trace -w with that -o. */
export function watchPrinterKind(print: Pick<PrintFlags, 'output' | 'template'>): WatchPrinterKind | null {
  const c = choosePrinter(print);
  return c.kind === 'human' || c.kind === 'json' || c.kind === 'yaml' || c.kind === 'name' ? c.kind : null;
}

export interface WatchPrintOptions {
  print: PrintFlags;
  allNamespaces: boolean;
  /** --watch-only: the list is fetched but not printed. */
  watchOnly: boolean;
  outputWatchEvents: boolean;
  resource: ResourceKind;
  kubectlMinor: number;
  /** kubectl's clock, for ages it computes itself (objects printed without a server Table). */
  now: Date;
}

const groupKind = (r: ResourceKind): string => (r.kind === '' ? '' : r.group === '' ? r.kind : `${r.kind}.${r.group}`);

function withoutManagedFields(obj: JsonObject): JsonObject {
  const meta = metadataOf(obj);
  if (!meta || !('managedFields' in meta)) return obj;
  const { managedFields: _drop, ...rest } = meta;
  return { ...obj, metadata: rest };
}

/** kubectl's -w printer: feed it the list, then each event, and it returns what kubectl writes for each. */
export class WatchPrinter {
  private readonly kind: WatchPrinterKind;
  private readonly human: HumanReadablePrinter;
  private readonly writer = new TabWriter();
  private flushed = 0;
  private printed = 0;

  constructor(private readonly opts: WatchPrintOptions) {
    this.kind = watchPrinterKind(opts.print) ?? 'human';
    const withNamespace = opts.allNamespaces && opts.resource.namespaced;
    this.human = new HumanReadablePrinter(
      {
        noHeaders: opts.print.noHeaders,
        wide: opts.print.output === 'wide',
        withNamespace,
        withKind: opts.print.showKind,
        kind: groupKind(opts.resource),
        columnLabels: opts.print.labelColumns,
        showLabels: opts.print.showLabels,
      },
      opts.now,
    );
  }

  /** The initial list (every page's body, in order): what kubectl prints before it starts watching. */
  printList(pages: readonly unknown[]): string {
    if (this.opts.watchOnly) return '';
    let out = '';
    for (const page of pages) {
      // A Table is one object to kubectl (the builder wraps it in a List); a list's items are printed one by one.
      if (isTableBody(page) && isJsonObject(page)) out += this.printOne(page, 'ADDED');
      else if (isListBody(page)) for (const item of listItems(page)) out += this.printOne(item, 'ADDED');
      else if (isJsonObject(page)) out += this.printOne(page, 'ADDED');
    }
    return out + this.flush();
  }

  /** One watch event's object: what kubectl prints for it (flushed at once, as kubectl flushes). */
  printEvent(type: string, object: unknown): string {
    if (!isJsonObject(object)) return '';
    return this.printOne(object, type) + this.flush();
  }

  private printOne(obj: JsonObject, type: string): string {
    const event = this.opts.outputWatchEvents ? type : undefined;
    switch (this.kind) {
      case 'human':
        if (isTableBody(obj)) this.human.printTable(toServerTable(obj), this.writer, event);
        else this.human.printObject(obj, this.writer);
        return '';
      case 'json':
      case 'yaml': {
        // YAMLPrinter writes a document separator before every object after the first.
        const separator = this.kind === 'yaml' && this.printed++ > 0 ? '---\n' : '';
        if (event !== undefined) {
          // A metav1.WatchEvent is not an object with metadata, so the managed fields stay (the
          // OmitManagedFieldsPrinter finds none to drop), and JSON comes out as json.Marshal writes
          // the struct: compact, "type" before "object" (checked with kubectl 1.28 and 1.33).
          if (this.kind === 'json') return `{"type":${goJsonCompact(event, this.opts.kubectlMinor)},"object":${goJsonCompact(obj, this.opts.kubectlMinor)}}\n`;
          return separator + printYaml({ type: event, object: obj });
        }
        const o = this.opts.print.showManagedFields ? obj : withoutManagedFields(obj);
        return this.kind === 'json' ? printJson(o, this.opts.kubectlMinor) : separator + printYaml(o);
      }
      case 'name': {
        const meta = metadataOf(obj);
        const name = typeof meta?.['name'] === 'string' ? meta['name'] : '';
        const kind = typeof obj['kind'] === 'string' ? obj['kind'].toLowerCase() : this.opts.resource.kind.toLowerCase();
        const group = this.opts.resource.group;
        return `${kind}${group === '' ? '' : `.${group}`}/${name}\n`;
      }
    }
  }

  private flush(): string {
    this.writer.flush();
    const all = this.writer.output;
    const fresh = all.slice(this.flushed);
    this.flushed = all.length;
    return fresh;
  }
}
