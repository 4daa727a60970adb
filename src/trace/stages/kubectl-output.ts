// What kubectl prints when the trace stopped: its error line on stderr, exit code 1 — and, with
// -o json/yaml, the (empty) List kubectl get's generic printer still prints when the list itself failed.
import { formatOutput } from '../../format/index.js';
import type { GetCommand } from '../command.js';
import type { StepResults } from '../steps/types.js';
import type { KubectlOutput, StageError } from '../types.js';

export function failureOutput(error: StageError, cmd: GetCommand, steps: StepResults): KubectlOutput {
  let stdout = '';
  const listed = (steps.list?.pages.length ?? 0) > 0;
  if (listed && !cmd.resourceName && (cmd.output === 'json' || cmd.output === 'yaml')) {
    const ns = steps.config?.ok ? steps.config.data.namespace.value : '';
    stdout = formatOutput({ output: cmd.output, allNamespaces: cmd.allNamespaces, namespace: ns, resourceName: null, pages: [] }).stdout;
  }
  return withLog({ stdout, stderr: `${error.kubectlMessage ?? `error: ${error.message}`}\n`, exitCode: 1 }, steps);
}

/** kubectl's log lines (failed discovery attempts) come first on stderr, as kubectl writes them as it goes. */
export function withLog(out: KubectlOutput, steps: StepResults): KubectlOutput {
  const log = [...(steps.connect?.log ?? []), ...(steps.discovery?.discovery.log ?? []), ...(steps.list?.log ?? [])];
  return log.length === 0 ? out : { ...out, stderr: log.map((l) => `${l}\n`).join('') + out.stderr };
}
