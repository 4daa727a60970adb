// "c": the request as a curl command the learner can paste. Long commands are broken at argument
// boundaries with shell line continuations, so the copied text still runs. The credentials it names
// as shell variables: for the sandbox, "e" writes them (or --export-credentials did) and the command
// is shown ready to run; for a real cluster, which kubeconfig field each comes from and how to get it
// — kube-trace never writes a real cluster's secrets.
import type { KubeconfigData, PlannedRequest } from '../../trace/types.js';
import { colors } from '../theme.js';
import type { CredentialsState } from '../state/appReducer.js';
import { curlRows, curlVariables, extractSteps, withCredentials } from '../../render/curl.js';
import type { Line } from './lines.js';
import { blankLine, headingLine, paragraphLines, seg, textLine, wideLine } from './lines.js';

export interface CurlInput {
  request: PlannedRequest | null;
  kubeconfig: KubeconfigData | null;
  /** The number key of the stage that builds the request (null when the plan has none). */
  requestKey: number | null;
  /** The credentials can be written here (this run's own sandbox). */
  canExport: boolean;
  credentials: CredentialsState;
  width: number;
}

function commandLines(rows: string[]): Line[] {
  return rows.map((r) => wideLine(seg(r)));
}

export function curlLines(p: CurlInput): Line[] {
  const { width } = p;
  const lines: Line[] = [headingLine('The same request with curl', width)];
  if (p.request === null) {
    const press = p.requestKey !== null ? ` (press ${p.requestKey})` : '';
    lines.push(...paragraphLines(`The curl command is ready once the request stage has run${press}.`, width, { color: colors.muted }));
    return lines;
  }
  const words = p.request.curlArgs;
  const variables = curlVariables(words);
  const muted = { color: colors.muted };
  if (p.credentials.status === 'written') {
    const c = p.credentials.credentials;
    lines.push(
      ...paragraphLines(`Ready to run${c.removedOnExit ? ' while kube-trace is open' : ''}: the sandbox answers it until kube-trace exits.`, width, { color: colors.ok }),
      blankLine(),
      ...commandLines(curlRows(withCredentials(words, c), width)),
      blankLine(),
      ...paragraphLines(`The files are in ${c.dir} (a folder only you can read; each file 0600)${c.removedOnExit ? ', removed when kube-trace exits' : ''}:`, width, muted),
      ...c.files.flatMap((f) => paragraphLines(`${f.path}: ${f.what}`, width, muted, 2)),
    );
  } else {
    lines.push(...commandLines(curlRows(words, width)), blankLine());
    if (variables.length === 0) lines.push(...paragraphLines('It needs nothing more: paste it as it is.', width, muted));
    else if (p.canExport) {
      const state = p.credentials;
      lines.push(...paragraphLines(`It names ${variables.map((v) => `$${v}`).join(', ')}: the sandbox's CA and this user's credentials.`, width, muted));
      if (state.status === 'writing') lines.push(...paragraphLines('Writing them…', width, { color: colors.accent }));
      else if (state.status === 'failed') lines.push(...paragraphLines(`They could not be written: ${state.message}`, width, { color: colors.fail }));
      else lines.push(...paragraphLines('Press e to write them into a new private folder and see the command ready to run.', width, { color: colors.accent }));
    } else if (p.kubeconfig !== null && p.kubeconfig.sandbox === null) {
      lines.push(...paragraphLines(`It names ${variables.map((v) => `$${v}`).join(', ')}. They hold secrets from your kubeconfig, so kube-trace writes none of them; to run the command, set them yourself:`, width, muted));
      for (const step of extractSteps(words, p.kubeconfig)) {
        lines.push(blankLine(), ...paragraphLines(`$${step.variable}: ${step.what}`, width, {}));
        if (step.command !== null) lines.push(wideLine(seg(`  ${step.command}`, { color: colors.accent })));
        if (step.note !== undefined) lines.push(...paragraphLines(step.note, width, muted, 2));
      }
    } else lines.push(...paragraphLines(`It names ${variables.map((v) => `$${v}`).join(', ')}: set them before you paste it.`, width, muted));
  }
  lines.push(blankLine(), ...paragraphLines('Secrets are never in it as text: they are files or shell variables. Press c or Esc to close.', width, muted));
  return lines.length > 0 ? lines : [textLine('')];
}
