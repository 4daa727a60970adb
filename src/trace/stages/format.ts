// Stage "format": what kubectl prints, by the shared kubectl-compatible printer (src/format). When an
// earlier stage refused the request, this is kubectl's error line and exit code for that response.
import { formatOutput } from '../../format/index.js';
import { headerValue } from '../../kube/headers.js';
import { minorOf } from '../kubectl/identity.js';
import type { ListPage } from '../steps/types.js';
import type { FormatData } from '../types.js';
import { failureOutput } from './kubectl-output.js';
import { missing, notReached, ok, type StageDef } from './outcome.js';
import { responseThatArrived } from './pages.js';

interface TableBody {
  kind?: unknown;
  columnDefinitions?: { name?: unknown }[];
  rows?: { cells?: unknown[]; object?: { metadata?: { name?: unknown; creationTimestamp?: unknown } } }[];
}

/** The first row of a server Table: its creationTimestamp, the response's Date header, the AGE cell. */
function ageExample(pages: ListPage[]): FormatData['ageExample'] {
  const first = pages[0];
  const table = first?.body as TableBody | undefined;
  if (first === undefined || table?.kind !== 'Table') return null;
  const ageAt = (table.columnDefinitions ?? []).findIndex((c) => c.name === 'Age');
  const row = table.rows?.[0];
  const meta = row?.object?.metadata;
  const age = ageAt >= 0 ? row?.cells?.[ageAt] : undefined;
  if (typeof meta?.name !== 'string' || typeof meta.creationTimestamp !== 'string' || typeof age !== 'string') return null;
  return { name: meta.name, creationTimestamp: meta.creationTimestamp, responseDate: headerValue(first.exchange.responseHeaders, 'date'), printedAge: age };
}

export const formatStage: StageDef<'format'> = {
  needs: ['list', 'printTemplate'],
  project: ({ cmd, steps, stoppedAt }) => {
    const { list, config } = steps;
    if (list?.pages.some((p) => p.failure?.kind === 'too-large') === true) {
      return notReached("kube-trace stopped reading the response at its own size limit; kubectl has no such limit and would have printed what the server sent.");
    }
    if (stoppedAt !== null) {
      // kubectl prints from a response that arrived; with none, nothing was there to print from.
      if (responseThatArrived(steps) === null) return notReached('No response arrived, so kubectl had nothing to print from; its error line is in "what kubectl prints".');
      const out = failureOutput(stoppedAt.error, cmd, steps);
      return ok({ output: cmd.output, printedFrom: 'error', ageExample: null, columns: [], rowCount: 0, ...out });
    }
    if (list === undefined) return missing('format', 'list', stoppedAt);
    if (config === undefined || !config.ok) return missing('format', 'config', stoppedAt);
    const ns = config.data.namespace;
    const mapping = steps.discovery?.ok ? steps.discovery.mapping : null;
    const build = steps.versions?.kubectl;
    const lastAt = list.pages[list.pages.length - 1]?.exchange.at;
    // --ignore-not-found: a NotFound GET is no error; kubectl prints nothing and exits 0.
    const notFound = cmd.print?.ignoreNotFound === true && cmd.resourceName !== null && list.pages[0]?.exchange.status === 404;
    const result = formatOutput({
      output: cmd.output,
      allNamespaces: ns.source === 'all-namespaces',
      namespace: ns.value,
      resourceName: cmd.resourceName,
      pages: notFound ? [] : list.pages.map((p) => p.body),
      ...(notFound ? { errors: [{ message: '', notFound: true }] } : {}),
      ...(cmd.print ? { print: cmd.print } : {}),
      ...(mapping ? { resourceKind: { kind: mapping.kind, group: mapping.group, version: mapping.version, resource: mapping.resource, namespaced: mapping.namespaced } } : {}),
      ...(steps.printTemplate?.file ? { templateFile: steps.printTemplate.file } : {}),
      ...(build ? { kubectlMinor: minorOf(build) } : {}),
      ...(lastAt ? { now: new Date(lastAt) } : {}),
    });
    return ok({
      output: cmd.output,
      printedFrom: result.printedFrom,
      ageExample: ageExample(list.pages),
      columns: result.columns,
      rowCount: result.rowCount,
      stdout: result.stdout,
      stderr: result.stderr,
      exitCode: result.exitCode,
    });
  },
};
