// Types the printers own: the output formats kubectl get knows, its printing flags, and the columns
// of a server-side Table.

/**
 * The printer `-o` selects (printer-flags.ts decides it the way kubectl's PrintFlags.ToPrinter does).
 * 'unknown' is a format kubectl does not know: it still sends its request (as JSON), then fails to
 * find a printer. go-template formats never reach here: kube-trace does not trace them.
 */
export type OutputFormat =
  | 'table'
  | 'wide'
  | 'json'
  | 'yaml'
  | 'name'
  | 'jsonpath'
  | 'jsonpath-file'
  | 'jsonpath-as-json'
  | 'custom-columns'
  | 'custom-columns-file'
  | 'unknown';

/** kubectl get's printing flags, as the command line gave them (the CLI fills them; formatOutput reads them). */
export interface PrintFlags {
  /** -o exactly as given, '' when absent: "wide", "jsonpath={.items[*].metadata.name}", … */
  output: string;
  /** --template ('' when absent): the template for -o jsonpath / jsonpath-file / custom-columns(-file) given apart. */
  template: string;
  /** --no-headers */
  noHeaders: boolean;
  /** --show-labels */
  showLabels: boolean;
  /** -L/--label-columns, every occurrence's CSV items in order */
  labelColumns: string[];
  /** --sort-by ('' when absent) */
  sortBy: string;
  /** --show-kind */
  showKind: boolean;
  /** --ignore-not-found */
  ignoreNotFound: boolean;
  /** --show-managed-fields */
  showManagedFields: boolean;
  /** --allow-missing-template-keys (default true) */
  allowMissingTemplateKeys: boolean;
  /** --server-print (default true) */
  serverPrint: boolean;
}

export const DEFAULT_PRINT_FLAGS: PrintFlags = {
  output: '',
  template: '',
  noHeaders: false,
  showLabels: false,
  labelColumns: [],
  sortBy: '',
  showKind: false,
  ignoreNotFound: false,
  showManagedFields: false,
  allowMissingTemplateKeys: true,
  serverPrint: true,
};

export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  shown: boolean; // priority 0, or -o wide
}

/** What discovery says about the resource a response is of (kubectl's RESTMapping, as printing uses it). */
export interface ResourceKind {
  /** "Pod", "Deployment" */
  kind: string;
  /** "" for the core group, "apps", … */
  group: string;
  /** "v1" */
  version: string;
  /** the plural resource, "pods" (a new resource starts a new table, as kubectl compares mappings) */
  resource: string;
  namespaced: boolean;
}

/** A template file kubectl reads for -o jsonpath-file / custom-columns-file (see template-file.ts). */
export interface TemplateFileRead {
  path: string;
  /** The file's text, or null when opening or reading it failed. */
  text: string | null;
  /** Go's error text for os.Open ("open PATH: no such file or directory"), or null. */
  openError: string | null;
  /** Go's error text for a read that failed after opening (a directory), or null. */
  readError: string | null;
}
