// Stage "format": what kubectl prints, by the shared kubectl-compatible printer (src/format).
import { formatOutput } from '../../format/index.js';
import { missing, ok, type StageDef } from './outcome.js';

export const formatStage: StageDef<'format'> = {
  needs: ['list'],
  project: ({ cmd, steps }) => {
    const { list, config } = steps;
    if (list === undefined) return missing('format', 'list');
    if (config === undefined || !config.ok) return missing('format', 'config');
    const ns = config.data.namespace;
    const result = formatOutput({
      output: cmd.output,
      allNamespaces: ns.source === 'all-namespaces',
      namespace: ns.value,
      resourceName: cmd.resourceName,
      pages: list.pages.map((p) => p.body),
    });
    return ok({
      output: cmd.output,
      printedFrom: result.printedFrom,
      columns: result.columns,
      rowCount: result.rowCount,
      stdout: result.stdout,
      stderr: result.stderr,
      exitCode: result.exitCode,
    });
  },
};
