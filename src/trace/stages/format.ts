// Stage 7: what kubectl prints, by the shared kubectl-compatible printer (src/format).
import { formatOutput } from '../../format/index.js';
import type { TraceContext } from '../context.js';
import type { FormatData } from '../types.js';

export function formatStage(ctx: TraceContext): FormatData {
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
