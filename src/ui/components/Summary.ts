// After the last stage: every stage of the plan on one screen, with its key fact (wrapped, never cut)
// and how long it took, then what kubectl would print and how to try the same command with kubectl.
import type { AnyStageResult, TracePlan, TraceReport } from '../../trace/types.js';
import { colors, marks } from '../theme.js';
import { formatMs, padEnd, padStart, wrapText } from '../../text/index.js';
import type { Line } from './lines.js';
import { blankLine, headingLine, line, paragraphLines, seg, textLine } from './lines.js';
import { stageFact } from '../stages/index.js';
import type { TraceSnapshot } from '../hooks/traceDriver.js';
import { resultNamed } from '../hooks/traceDriver.js';
import { jumpKeys } from '../keys.js';
import { crashLines, progressLines } from './Progress.js';

export interface SummaryInput {
  plan: TracePlan;
  snapshot: TraceSnapshot;
  width: number;
  height: number;
  noPause: boolean;
  tick: number;
  /** The sandbox kubeconfig of this run (removed at exit), or null for a real cluster. */
  sandboxKubeconfig: string | null;
}

/**
 * The summary as a screen: the engine's crash, the trace still running (with --no-pause), or the
 * summary with what the keys do here; without the stage titles when it would not fit `height`.
 */
export function summaryScreenLines(p: SummaryInput): Line[] {
  const { plan, snapshot, width } = p;
  if (snapshot.crashed !== null) return crashLines(snapshot.crashed, width);
  if (!snapshot.done) return progressLines(plan, snapshot, snapshot.running?.index ?? plan.stages.length, width, p.tick);
  const revisit = `or ${jumpKeys(plan.stages.length, '–')} to revisit a stage.`;
  const hint = p.noPause ? `Press q to exit (kubectl's output stays on the screen), ${revisit}` : `Press → or q to exit (kubectl's output stays on the screen), ${revisit}`;
  const full = summaryLines(plan, snapshot.results, snapshot.report, width, hint, true, p.sandboxKubeconfig);
  return full.length <= p.height ? full : summaryLines(plan, snapshot.results, snapshot.report, width, hint, false, p.sandboxKubeconfig);
}

/** "Try it with kubectl": the command, and whether the kubeconfig it names outlives this run. */
export function kubectlTryLines(results: readonly (AnyStageResult | undefined)[], sandboxKubeconfig: string | null, width: number): Line[] {
  const command = resultNamed(results, 'parse')?.data?.kubectlEquivalent;
  if (command === undefined) return [];
  const lines: Line[] = [...paragraphLines(`Try it with kubectl: ${command}`, width, { bold: true })];
  if (sandboxKubeconfig !== null && command.includes(sandboxKubeconfig)) {
    lines.push(...paragraphLines('That kubeconfig is this run\'s sandbox: it answers while kube-trace is open, and is removed when it exits. For a sandbox that stays: kube-trace sandbox --kubeconfig-out sandbox.kubeconfig, then kubectl --kubeconfig sandbox.kubeconfig get pods.', width, { color: colors.muted }, 2));
  }
  return lines;
}

export function summaryLines(
  plan: TracePlan,
  results: readonly (AnyStageResult | undefined)[],
  report: TraceReport | null,
  width: number,
  exitHint: string | null,
  withTitles = true,
  sandboxKubeconfig: string | null = null,
): Line[] {
  const lines: Line[] = [headingLine(`Summary: ${report !== null ? 'kube-trace ' + report.command.join(' ') : 'your request'}`, width)];
  const nameW = Math.max(...plan.stages.map((s) => s.name.length));
  const msW = 9;
  const lead = 2 + String(plan.stages.length).length + 1 + nameW + 1 + msW + 2;
  const factW = Math.max(10, width - lead);
  plan.stages.forEach(({ name, title }, i) => {
    const r = results[i];
    const mark = r === undefined ? marks.pending : r.status === 'ok' ? marks.ok : r.status === 'error' ? marks.error : marks.skipped;
    const color = r === undefined || r.status === 'skipped' ? colors.muted : r.status === 'ok' ? colors.ok : colors.fail;
    const ms = r === undefined || r.status === 'skipped' ? '' : formatMs(r.durationMs);
    const fact = r === undefined ? [''] : wrapText(stageFact(r), factW);
    fact.forEach((row, j) => {
      if (j === 0) {
        lines.push(
          line(
            seg(mark, { color }),
            seg(' '),
            seg(padStart(String(i + 1), String(plan.stages.length).length), { color: colors.muted }),
            seg(' '),
            seg(padEnd(name, nameW), { bold: true }),
            seg(' '),
            seg(padStart(ms, msW), { color: colors.muted }),
            seg('  '),
            seg(row, { color: r?.status === 'error' ? colors.fail : undefined }),
          ),
        );
      } else lines.push(line(seg(' '.repeat(lead)), seg(row, { color: r?.status === 'error' ? colors.fail : undefined })));
    });
    if (withTitles && r !== undefined && width >= 60 && r.status !== 'skipped') {
      for (const row of wrapText(title, factW)) lines.push(textLine(`${' '.repeat(lead)}${row}`, { color: colors.muted, dim: true }));
    }
  });
  const total = results.reduce((sum, r) => sum + (r?.durationMs ?? 0), 0);
  lines.push(blankLine());
  const unknown = report?.output.unknown;
  lines.push(...paragraphLines(`Total ${formatMs(total)} · ${unknown !== undefined ? "kubectl's exit code is not known" : `kubectl would exit with ${report?.output.exitCode ?? '—'}`}`, width, { bold: true }));
  if (unknown !== undefined) lines.push(...paragraphLines(unknown, width, { color: colors.muted }));
  else if (report !== null) {
    const out = report.output.stdout.split('\n').filter((l) => l !== '').length;
    lines.push(...paragraphLines(`kubectl would print ${out} line${out === 1 ? '' : 's'} on stdout${report.output.stderr !== '' ? ' and a message on stderr' : ''}: they are printed on the normal screen when you leave.`, width, { color: colors.muted }));
  }
  lines.push(...kubectlTryLines(results, sandboxKubeconfig, width));
  if (exitHint !== null) lines.push(blankLine(), ...paragraphLines(exitHint, width, { color: colors.accent }));
  return lines;
}
