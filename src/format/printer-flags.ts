// Which printer kubectl get builds from -o and --template (kubectl/pkg/cmd/get/get_flags.go
// PrintFlags.ToPrinter, cli-runtime's JSONPathPrintFlags, kubectl's CustomColumnsPrintFlags), and
// what that choice asks of the request (get.go Complete and transformRequests). kubectl builds the
// printer after its request has come back, so a bad -o is reported after the request was sent.

import { goQuote } from './go-fmt.js';
import type { OutputFormat, PrintFlags } from './types.js';

const JSONPATH_FORMATS = ['jsonpath', 'jsonpath-file', 'jsonpath-as-json'] as const;
const GO_TEMPLATE_FORMATS = ['go-template', 'go-template-file', 'template', 'templatefile'] as const;
const COLUMNS_FORMATS = ['custom-columns', 'custom-columns-file'] as const;
const ALLOWED_FORMATS = ['json', 'yaml', 'name', ...GO_TEMPLATE_FORMATS, ...JSONPATH_FORMATS, ...COLUMNS_FORMATS, 'wide'];

export type JsonPathFormat = (typeof JSONPATH_FORMATS)[number];
export type ColumnsFormat = (typeof COLUMNS_FORMATS)[number];

export type PrinterChoice =
  | { kind: 'human'; wide: boolean }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'name' }
  /** value: the template, or the file's path for jsonpath-file */
  | { kind: 'jsonpath'; format: JsonPathFormat; value: string }
  /** value: the spec, or the file's path for custom-columns-file */
  | { kind: 'custom-columns'; format: ColumnsFormat; value: string }
  | { kind: 'go-template'; format: string; value: string }
  /** An error kubectl returns from ToPrinter (printed as "error: …"). */
  | { kind: 'error'; message: string };

/** The "name=value" split kubectl's template flags do over their own format names. */
function splitFormat(outputFormat: string, formats: readonly string[], templateArgument: string): { format: string; value: string } {
  if (templateArgument !== '') return { format: outputFormat, value: templateArgument };
  for (const f of formats) {
    if (outputFormat.startsWith(`${f}=`)) return { format: f, value: outputFormat.slice(f.length + 1) };
  }
  return { format: outputFormat, value: '' };
}

/** PrintFlags.ToPrinter, up to the point where a template or a file would be read. */
export function choosePrinter(print: Pick<PrintFlags, 'output' | 'template'>): PrinterChoice {
  let outputFormat = print.output;
  const templateArgument = print.template;
  if (templateArgument !== '' && outputFormat === '') outputFormat = 'go-template';

  // KubeTemplatePrintFlags: jsonpath first, then go-template.
  if (templateArgument !== '' || outputFormat !== '') {
    const jp = splitFormat(outputFormat, JSONPATH_FORMATS, templateArgument);
    if ((JSONPATH_FORMATS as readonly string[]).includes(jp.format)) {
      if (jp.value === '') return { kind: 'error', message: 'template format specified but no template given' };
      return { kind: 'jsonpath', format: jp.format as JsonPathFormat, value: jp.value };
    }
    const gt = splitFormat(outputFormat, GO_TEMPLATE_FORMATS, templateArgument);
    if ((GO_TEMPLATE_FORMATS as readonly string[]).includes(gt.format)) {
      if (gt.value === '') return { kind: 'error', message: 'template format specified but no template given' };
      return { kind: 'go-template', format: gt.format, value: gt.value };
    }
  }
  if (outputFormat === 'json') return { kind: 'json' };
  if (outputFormat === 'yaml') return { kind: 'yaml' };
  if (outputFormat === '' || outputFormat === 'wide') return { kind: 'human', wide: outputFormat === 'wide' };
  const cc = splitFormat(outputFormat, COLUMNS_FORMATS, templateArgument);
  if ((COLUMNS_FORMATS as readonly string[]).includes(cc.format)) {
    if (cc.value === '') return { kind: 'error', message: 'custom-columns format specified but no custom columns given' };
    return { kind: 'custom-columns', format: cc.format as ColumnsFormat, value: cc.value };
  }
  if (outputFormat === 'name') return { kind: 'name' };
  const allowed = [...ALLOWED_FORMATS].sort().join(',');
  return { kind: 'error', message: `unable to match a printer suitable for the output format ${goQuote(outputFormat)}, allowed formats are: ${allowed}` };
}

/** The OutputFormat a printer choice is (go-template is 'unknown': kube-trace does not print it). */
export function outputFormatOf(print: Pick<PrintFlags, 'output' | 'template'>): OutputFormat {
  const c = choosePrinter(print);
  switch (c.kind) {
    case 'human':
      return c.wide ? 'wide' : 'table';
    case 'json':
    case 'yaml':
    case 'name':
      return c.kind;
    case 'jsonpath':
    case 'custom-columns':
      return c.format;
    default:
      return 'unknown';
  }
}

/** The file kubectl reads for -o jsonpath-file=F / custom-columns-file=F (read it with readTemplateFile), or null. */
export function templateFilePath(print: Pick<PrintFlags, 'output' | 'template'>): string | null {
  const c = choosePrinter(print);
  return (c.kind === 'jsonpath' && c.format === 'jsonpath-file') || (c.kind === 'custom-columns' && c.format === 'custom-columns-file') ? c.value : null;
}

/** What the printing flags ask of kubectl's request (get.go: Complete, Run and transformRequests). */
export interface GetRequestNeeds {
  /** IsHumanReadablePrinter: -o empty (and no --template) or -o wide. */
  humanReadable: boolean;
  /**
   * Send the Table Accept header (application/json;as=Table;v=v1;g=meta.k8s.io,…): a human-readable
   * printer and server-side printing on. --server-print=false, -o json/yaml/name/jsonpath/
   * custom-columns ask for plain JSON (kubectl prints from the whole objects).
   */
  asTable: boolean;
  /** `includeObject=Object` on the request: --sort-by with a Table (the rows must carry whole objects). */
  includeObject: 'Object' | null;
  /** false with --sort-by: kubectl turns chunking off (no limit=, one request per resource). */
  chunked: boolean;
}

export function getRequestNeeds(print: Pick<PrintFlags, 'output' | 'template' | 'sortBy' | 'serverPrint'>): GetRequestNeeds {
  const out = print.output;
  const humanReadable = (out === '' && print.template === '') || out === 'wide';
  const serverPrint = print.serverPrint && !(out.includes('custom-columns') || out === 'yaml' || out.includes('json'));
  const asTable = humanReadable && serverPrint;
  const sort = print.sortBy !== '';
  return { humanReadable, asTable, includeObject: asTable && sort ? 'Object' : null, chunked: !sort };
}
