// Stage 1: what was asked. The CLI has already parsed argv; this stage reports the result and the
// kubectl command line it corresponds to.
import { shellQuote } from '../../text/shell.js';
import type { GetCommand } from '../command.js';
import { goDuration } from '../kubectl/model.js';
import { targetsOf } from '../kubectl/requests.js';
import type { ParseData } from '../types.js';
import { failed, ok, type StageDef, type StageOutcome } from './outcome.js';

/** The kubectl command line for this GetCommand (kube-trace-only flags left out). */
export function kubectlEquivalent(cmd: GetCommand, sandboxKubeconfig: string | null): string {
  const parts = ['kubectl'];
  const kubeconfig = sandboxKubeconfig ?? cmd.kubeconfig;
  if (kubeconfig) parts.push(`--kubeconfig=${shellQuote(kubeconfig)}`);
  if (cmd.context) parts.push(`--context=${shellQuote(cmd.context)}`);
  parts.push('get', ...(cmd.resourceArgs ?? [cmd.resource, ...(cmd.resourceName ? [cmd.resourceName] : [])]).map(shellQuote));
  if (cmd.allNamespaces) parts.push('-A');
  else if (cmd.namespace) parts.push('-n', shellQuote(cmd.namespace));
  if (cmd.labelSelector) parts.push('-l', shellQuote(cmd.labelSelector));
  if (cmd.fieldSelector) parts.push(`--field-selector=${shellQuote(cmd.fieldSelector)}`);
  const print = cmd.print;
  // -o as given (a template is part of it: -o jsonpath='{.items[*].metadata.name}').
  const output = print ? print.output : cmd.output === 'table' ? '' : cmd.output;
  if (output !== '') parts.push('-o', shellQuote(output));
  if (print) {
    if (print.template !== '') parts.push(`--template=${shellQuote(print.template)}`);
    if (print.showLabels) parts.push('--show-labels');
    for (const l of print.labelColumns) parts.push(`-L=${shellQuote(l)}`);
    if (print.noHeaders) parts.push('--no-headers');
    if (print.sortBy !== '') parts.push(`--sort-by=${shellQuote(print.sortBy)}`);
    if (print.showKind) parts.push('--show-kind');
    if (print.ignoreNotFound) parts.push('--ignore-not-found');
    if (print.showManagedFields) parts.push('--show-managed-fields');
    if (!print.serverPrint) parts.push('--server-print=false');
  }
  if (cmd.chunkSize !== 500) parts.push(`--chunk-size=${cmd.chunkSize}`);
  if (cmd.requestTimeoutMs > 0) parts.push(`--request-timeout=${goDuration(cmd.requestTimeoutMs)}`);
  return parts.join(' ');
}

export const parseStage: StageDef<'parse'> = { needs: [], project: ({ cmd, sandbox }) => projectParse(cmd, sandbox?.kubeconfigPath ?? null) };

function projectParse(cmd: GetCommand, sandboxKubeconfig: string | null): StageOutcome<'parse'> {
  const data = parseData(cmd, sandboxKubeconfig);
  // The combinations kubectl get itself rejects before sending anything.
  const named = targetsOf(cmd).some((t) => t.name !== null);
  if (named && cmd.allNamespaces) {
    return failed({ kind: 'usage', message: 'A pod cannot be fetched by name across all namespaces (-A with a NAME).', hint: 'Drop -A and give the namespace with -n, or drop the NAME to list.', kubectlMessage: 'error: a resource cannot be retrieved by name across all namespaces' }, data);
  }
  if (named && (cmd.labelSelector || cmd.fieldSelector)) {
    return failed({ kind: 'usage', message: 'A NAME and a selector (-l or --field-selector) cannot be used together.', hint: 'Use either the pod name or a selector.', kubectlMessage: 'error: name cannot be provided when a selector is specified' }, data);
  }
  return ok(data);
}

function parseData(cmd: GetCommand, sandboxKubeconfig: string | null): ParseData {
  return {
    argv: [...cmd.argv],
    verb: cmd.verb,
    resource: cmd.resource,
    resourceName: cmd.resourceName,
    flags: cmd.flags.map((f) => ({ ...f })),
    output: cmd.output,
    mode: cmd.mode,
    kubectlEquivalent: kubectlEquivalent(cmd, sandboxKubeconfig),
  };
}
