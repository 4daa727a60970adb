// What stays on the normal screen when the walkthrough ends: what kubectl would have printed (its
// stdout on stdout, its stderr on stderr, byte for byte but made printable for the terminal) and one
// line that says what that was and what the learner saw — unless the learner chose to leave with
// nothing printed. The first-run notice comes first, so it is never lost with the alternate screen.
import type { TracePlan } from '../trace/types.js';
import { printable } from '../text/index.js';
import type { TraceSnapshot } from './hooks/traceDriver.js';
import { resultNamed } from './hooks/traceDriver.js';
import type { ExitRequest } from './state/appReducer.js';

export interface ExitInput {
  plan: TracePlan;
  snapshot: TraceSnapshot;
  exit: ExitRequest;
  /** Stages the learner had on screen, by plan position. */
  seen: readonly boolean[];
  notice: string | null;
  sandboxKubeconfig: string | null;
  /** The kube-trace command line, for the "--plain prints every stage" hint. */
  argv: readonly string[];
}

export interface ExitText {
  stdout: string;
  stderr: string;
}

const terminal = (s: string): string => printable(s, { newlines: 'keep' });
const withNewline = (s: string): string => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

export function exitText(p: ExitInput): ExitText {
  if (p.exit.output === 'discard') return { stdout: '', stderr: '' };
  const notice = p.notice !== null ? `${terminal(p.notice)}\n` : '';
  if (p.snapshot.crashed !== null) {
    return { stdout: '', stderr: `${notice}kube-trace: the trace stopped with an internal error: ${terminal(p.snapshot.crashed)}. Run again with --plain, and please report it.\n` };
  }
  const report = p.snapshot.report;
  if (report === null) return { stdout: '', stderr: notice };
  const out = report.output;
  // Never kube-trace's own words as kubectl's: when kubectl's output is not known, say so as kube-trace.
  if (out.unknown !== undefined) return { stdout: '', stderr: `${notice}kube-trace: ${terminal(out.unknown)}\n${summaryLine(p)}\n` };
  return { stdout: terminal(out.stdout), stderr: notice + withNewline(terminal(out.stderr)) + summaryLine(p) + '\n' };
}

/** The one line after kubectl's output. */
export function summaryLine(p: ExitInput): string {
  const report = p.snapshot.report;
  const total = p.plan.stages.length;
  const saw = p.seen.filter(Boolean).length;
  const command = resultNamed(p.snapshot.results, 'parse')?.data?.kubectlEquivalent ?? 'kubectl';
  const out = report?.output;
  const printed = out === undefined ? 'kubectl printed nothing' : out.unknown !== undefined ? 'what kubectl prints is not known' : out.stdout === '' && out.stderr === '' ? `\`${command}\` prints nothing` : `that is what \`${command}\` prints`;
  const code = out?.exitCode ?? p.exit.code;
  const interrupted = p.exit.code === 130 ? ', then you pressed Ctrl-C (exit 130)' : '';
  const plain = saw < total ? ` (kube-trace ${[...p.argv, '--plain'].join(' ')} prints every stage)` : '';
  const sandbox = p.sandboxKubeconfig !== null && command.includes(p.sandboxKubeconfig) ? ' Its sandbox and that kubeconfig are gone now: `kube-trace sandbox` keeps one running.' : '';
  return terminal(`kube-trace: ${printed} (exit code ${code})${interrupted}; you saw ${saw} of ${total} stages${plain}.${sandbox}`);
}
