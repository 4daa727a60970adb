// Stage "format": what kubectl prints, by the shared kubectl-compatible printer (src/format). When an
// earlier stage refused the request, this is kubectl's error line and exit code for that response.
import { formatOutput, type FormatRequestError, type FormatResource } from '../../format/index.js';
import { asStatus } from '../../kube/kubectl-errors.js';
import { headerValue } from '../../kube/headers.js';
import { minorOf } from '../kubectl/identity.js';
import type { ListPage } from '../steps/types.js';
import type { FormatData } from '../types.js';
import { failureOutput } from './kubectl-output.js';
import { missing, notReached, ok, type StageDef } from './outcome.js';
import { ignoredNotFound, responseThatArrived, targetError, targetViews } from './pages.js';
import { watchPrinterAfterList, watchWarnings } from './watch-print.js';

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
    // kubectl prints from a response that arrived; with none, nothing was there to print from.
    if (stoppedAt !== null && responseThatArrived(steps) === null) return notReached('No response arrived, so kubectl had nothing to print from; its error line is in "what kubectl prints".');
    if (list === undefined) {
      // Discovery was refused: kubectl's error for it.
      if (stoppedAt !== null) return ok({ output: cmd.output, printedFrom: 'error', ageExample: null, columns: [], rowCount: 0, ...failureOutput(stoppedAt.error, cmd, steps) });
      return missing('format', 'list', stoppedAt);
    }
    if (config === undefined || !config.ok) return missing('format', 'config', stoppedAt);
    const views = targetViews(cmd, steps);
    if (views === null) return missing('format', 'discovery', stoppedAt);
    // As get.go's Run loop: what each request brought back, then the errors of those that failed.
    const resources: FormatResource[] = [];
    const errors: FormatRequestError[] = [];
    for (const v of views) {
      const error = targetError(v);
      const notFound = v.pages[0]?.exchange.status === 404 && asStatus(v.pages[0].body)?.reason === 'NotFound';
      if (error) errors.push({ message: error.kubectlMessage ?? `error: ${error.message}`, notFound });
      else if (v.pages.some((p) => ignoredNotFound(v, p))) errors.push({ message: '', notFound: true });
      else resources.push({ kind: v.mapping.kind, group: v.mapping.group, version: v.mapping.version, resource: v.mapping.resource, namespaced: v.mapping.namespaced, pages: v.pages.map((p) => p.body) });
    }
    if (list.pagingError) errors.push({ message: list.pagingError.kubectlMessage ?? `error: ${list.pagingError.message}`, notFound: false });
    const ns = config.data.namespace;
    const build = steps.versions?.kubectl;
    const lastAt = list.pages[list.pages.length - 1]?.exchange.at;
    const result = formatOutput({
      output: cmd.output,
      allNamespaces: ns.source === 'all-namespaces',
      namespace: ns.value,
      resourceName: cmd.resourceName,
      pages: [],
      resources,
      errors,
      singleItemImplied: views.length === 1 && cmd.resourceName !== null,
      ...(cmd.print ? { print: cmd.print } : {}),
      ...(steps.printTemplate?.file ? { templateFile: steps.printTemplate.file } : {}),
      ...(build ? { kubectlMinor: minorOf(build) } : {}),
      ...(lastAt ? { now: new Date(lastAt) } : {}),
    });
    if (cmd.watch !== undefined && errors.length === 0) {
      // get -w prints the list's objects with the watch's printer: no "No resources found", and
      // nothing at all with --watch-only (the watch stage prints the events after this).
      const w = watchPrinterAfterList(cmd, steps);
      if (w !== null) {
        return ok({ output: cmd.output, printedFrom: result.printedFrom, ageExample: ageExample(list.pages), columns: result.columns, rowCount: cmd.watch.only ? 0 : result.rowCount, stdout: w.listOutput, stderr: watchWarnings(cmd), exitCode: 0 });
      }
    }
    if (resources.length === 0 && errors.some((e) => e.message !== '')) {
      return ok({ output: cmd.output, printedFrom: 'error', ageExample: null, columns: [], rowCount: 0, stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode });
    }
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
