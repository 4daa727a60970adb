// Stage 7: what kubectl prints, by the shared kubectl-compatible printer (src/format).
import type { TraceContext } from '../context.js';
import type { FormatData, OutputFormat, TableColumn } from '../types.js';

interface FormatInput {
  output: OutputFormat;
  allNamespaces: boolean;
  namespace: string;
  resourceName: string | null;
  pages: unknown[];
}
interface FormatResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  printedFrom: 'server-table' | 'objects';
  columns: TableColumn[];
  rowCount: number;
}

// src/format/index.ts is being written in parallel; loaded lazily so the engine runs without it.
// Switch to a static import once it has landed.
const FORMAT_MODULE = '../../format/index.js';

export async function formatStage(ctx: TraceContext): Promise<FormatData> {
  const { formatOutput } = (await import(FORMAT_MODULE)) as { formatOutput: (input: FormatInput) => FormatResult };
  const ns = ctx.data.kubeconfig!.namespace;
  const result = formatOutput({
    output: ctx.cmd.output,
    allNamespaces: ns.source === 'all-namespaces',
    namespace: ns.value,
    resourceName: ctx.cmd.resourceName,
    pages: ctx.pages.map((p) => p.body),
  });
  return {
    output: ctx.cmd.output,
    printedFrom: result.printedFrom,
    columns: result.columns,
    rowCount: result.rowCount,
    stdout: result.stdout,
    stderr: result.stderr,
    exitCode: result.exitCode,
  };
}
