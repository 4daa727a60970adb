// Stage "parse" for a write: what was asked, and the kubectl command line it corresponds to.
import { shellQuote } from '../../text/shell.js';
import type { WriteCommand } from '../command.js';
import { goDuration } from '../kubectl/model.js';
import type { ParseData } from '../types.js';
import { failed, ok, type StageOutcome } from './outcome.js';

/** The kubectl command line for a write (kube-trace-only flags, --allow-writes and --yes left out). */
export function writeKubectlEquivalent(cmd: WriteCommand, sandboxKubeconfig: string | null): string {
  const parts = ['kubectl'];
  const kubeconfig = sandboxKubeconfig ?? cmd.kubeconfig;
  if (kubeconfig) parts.push(`--kubeconfig=${shellQuote(kubeconfig)}`);
  if (cmd.context) parts.push(`--context=${shellQuote(cmd.context)}`);
  const spec = cmd.write;
  parts.push(cmd.verb);
  switch (spec.verb) {
    case 'apply':
    case 'create':
      if (spec.verb === 'apply' && spec.serverSide) parts.push('--server-side');
      if (spec.forceConflicts) parts.push('--force-conflicts');
      if (spec.fieldManager !== null) parts.push(`--field-manager=${shellQuote(spec.fieldManager)}`);
      if (spec.validate !== 'strict') parts.push(`--validate=${spec.validate === 'ignore' ? 'false' : spec.validate}`);
      parts.push('-f', shellQuote(spec.file));
      break;
    case 'delete':
      parts.push(shellQuote(spec.resource), shellQuote(spec.name));
      if (spec.gracePeriod >= 0) parts.push(`--grace-period=${spec.gracePeriod}`);
      if (spec.force) parts.push('--force');
      if (!spec.wait) parts.push('--wait=false');
      break;
    case 'run':
      parts.push(shellQuote(spec.name), `--image=${shellQuote(spec.image)}`);
      if (spec.labels !== null) parts.push(`--labels=${shellQuote(Object.entries(spec.labels).map(([k, v]) => `${k}=${v}`).join(','))}`);
      if (spec.restart !== 'Always') parts.push(`--restart=${spec.restart}`);
      if (spec.port !== null) parts.push(`--port=${shellQuote(spec.port)}`);
      for (const e of spec.env) parts.push(`--env=${shellQuote(e)}`);
      break;
  }
  if (cmd.namespace) parts.push('-n', shellQuote(cmd.namespace));
  if (spec.dryRun !== 'none') parts.push(`--dry-run=${spec.dryRun}`);
  if (cmd.requestTimeoutMs > 0) parts.push(`--request-timeout=${goDuration(cmd.requestTimeoutMs)}`);
  return parts.join(' ');
}

export function projectWriteParse(cmd: WriteCommand, sandboxKubeconfig: string | null): StageOutcome<'parse'> {
  const data: ParseData = {
    argv: [...cmd.argv],
    verb: cmd.verb,
    resource: cmd.resource,
    resourceName: cmd.resourceName,
    flags: cmd.flags.map((f) => ({ ...f })),
    output: cmd.output,
    mode: cmd.mode,
    kubectlEquivalent: writeKubectlEquivalent(cmd, sandboxKubeconfig),
  };
  const spec = cmd.write;
  // A manifest kubectl cannot decode stops it before it sends anything.
  if ((spec.verb === 'apply' || spec.verb === 'create') && !Array.isArray(spec.objects)) {
    return failed({ kind: 'usage', message: `kubectl cannot decode ${spec.file}: ${spec.objects.error}`, hint: 'Check the file: each YAML document must be one object with apiVersion and kind.', kubectlMessage: `error: ${spec.objects.error}` }, data);
  }
  if ((spec.verb === 'apply' || spec.verb === 'create') && Array.isArray(spec.objects) && spec.objects.length === 0) {
    return failed({ kind: 'usage', message: `${spec.file} holds no object.`, hint: 'Give a file with at least one object.', kubectlMessage: `error: no objects passed to ${spec.verb}` }, data);
  }
  return ok(data);
}
