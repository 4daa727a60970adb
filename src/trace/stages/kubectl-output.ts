// What kubectl prints when the trace stopped: its error line on stderr, exit code 1 — and, with
// -o json/yaml, the (empty) List kubectl get's generic printer still prints when the list itself failed.
import { formatOutput } from '../../format/index.js';
import type { HttpExchange } from '../../kube/types.js';
import { KubectlWarningWriter } from '../../kube/warnings.js';
import type { GetCommand, WriteCommand } from '../command.js';
import { resultLines } from '../steps/write.js';
import type { StepResults } from '../steps/types.js';
import type { KubectlOutput, StageError } from '../types.js';
import type { StoppedAt } from './outcome.js';

export function failureOutput(error: StageError, cmd: GetCommand, steps: StepResults): KubectlOutput {
  // kube-trace's own size limit: kubectl has none and reads on, so what it prints is not known here.
  const capped = steps.list?.pages.find((p) => p.failure?.kind === 'too-large');
  if (capped !== undefined) {
    return { stdout: '', stderr: '', exitCode: 1, unknown: `kube-trace stopped reading the response at its own limit (${error.message.match(/\d+ MiB/)?.[0] ?? 'its size cap'}); kubectl has no such limit, reads all of it and prints from it, so what kubectl prints here is not known.` };
  }
  let stdout = '';
  // A list kubectl's client refused to build still goes through printGeneric, which prints its List.
  const listed = (steps.list?.pages.length ?? 0) > 0 || (steps.requestPlan?.requests.some((r) => r.refused) ?? false);
  if (listed && cmd.resourceName === null && (cmd.output === 'json' || cmd.output === 'yaml')) {
    const ns = steps.config?.ok ? steps.config.data.namespace.value : '';
    stdout = formatOutput({ output: cmd.output, allNamespaces: cmd.allNamespaces, namespace: ns, resourceName: null, pages: [] }).stdout;
  }
  // No kubectl line for this failure: kube-trace's own sentence is never passed off as kubectl's.
  if (error.kubectlMessage === undefined) return { stdout, stderr: '', exitCode: 1, unknown: `kube-trace has no line of kubectl's for this failure (${error.message.replace(/\.$/, '')}), so what kubectl prints here is not known.` };
  return { stdout, stderr: `${error.kubectlMessage}\n`, exitCode: 1 };
}

/**
 * What kubectl writes to stderr as it goes, before its result: the log lines of failed attempts and
 * the servers' `Warning:` headers (client-go prints each text once, as the response arrives).
 */
export function withLog(out: KubectlOutput, steps: StepResults): KubectlOutput {
  // Not known: the lines before it would be kubectl's words around kube-trace's (its attempts' errors).
  if (out.unknown !== undefined) return out;
  const warnings = new KubectlWarningWriter();
  const warned = (xs: readonly HttpExchange[]): string[] => xs.filter((x) => x.by === 'kubectl').flatMap((x) => warnings.lines(x.warnings ?? []));
  const log = [
    ...(steps.connect?.log ?? []),
    ...warned(steps.discovery?.discovery.exchanges ?? []),
    ...(steps.discovery?.discovery.log ?? []),
    ...warned([...(steps.list?.pages.map((p) => p.exchange) ?? []), ...(steps.list?.namespaceChecks ?? []).map((p) => p.exchange)]),
    ...(steps.list?.log ?? []),
  ];
  return log.length === 0 ? out : { ...out, stderr: log.map((l) => `${l}\n`).join('') + out.stderr };
}

/**
 * What kubectl prints for a write: one line per object it wrote ("pod/web created"), then — when one
 * was refused — its error on stderr and exit code 1. kubectl's log lines (an OpenAPI fallback is logged
 * only at -v>=2, so not here) and the servers' Warning headers come first on stderr.
 */
export function writeOutput(cmd: WriteCommand, stoppedAt: StoppedAt | null, steps: StepResults): KubectlOutput {
  const plan = steps.writePlan;
  const written = steps.write;
  const lines = plan?.ok && written ? resultLines(cmd, plan, written) : [];
  const stdout = lines.map((l) => `${l}\n`).join('');
  const error = written?.objects.find((o) => o.error !== null)?.error ?? stoppedAt?.error ?? null;
  const warnings = new KubectlWarningWriter();
  // Per object, kubectl's own warning (printed while it computes the patch), then the server's Warning headers.
  const warned = (written?.objects ?? []).flatMap((o) => [...(o.warnings ?? []), ...o.exchanges.flatMap((x) => warnings.lines(x.exchange.warnings ?? []))]);
  const base = withLog({ stdout, stderr: '', exitCode: 0 }, { connect: steps.connect, discovery: steps.discovery });
  const stderr = base.stderr + warned.map((l) => `${l}\n`).join('') + (error === null ? '' : `${(error.kubectlMessage ?? `error: ${error.message}`).replace(/\n$/, '')}\n`);
  return { stdout, stderr, exitCode: error === null ? 0 : 1 };
}
