// Pieces every stage view shares: the failure box, "not reached", and the glass-box frame that marks
// what was seen inside the sandbox's API server.
import type { StageError, StageName } from '../../trace/types.js';
import { colors } from '../theme.js';
import { printable, wrapText } from '../../text/index.js';
import type { Line } from '../components/lines.js';
import { blankLine, line, paragraphLines, prefixLine, seg, textLine } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';

const KIND_TITLES: Record<StageError['kind'], string> = {
  usage: 'Usage error',
  'no-kubeconfig': 'No kubeconfig',
  'kubeconfig-invalid': 'Kubeconfig problem',
  'auth-plugin': 'Credential plugin failed',
  dns: 'DNS lookup failed',
  'connection-refused': 'Connection refused',
  timeout: 'Timed out',
  tls: 'TLS failure',
  unauthorized: 'Unauthorized (401)',
  forbidden: 'Forbidden (403)',
  'not-found': 'Not found (404)',
  'bad-request': 'Bad request (400)',
  'server-error': 'Server error (5xx)',
  'bad-response': 'Bad response',
  internal: 'Internal error',
};

export function errorTitle(error: StageError): string {
  return KIND_TITLES[error.kind];
}

/** The failure, where it happened: what went wrong, what kubectl says, what to try. */
export function errorLines(error: StageError, width: number): Line[] {
  const inner = Math.max(10, width - 4);
  const lines: Line[] = [textLine(`✗ ${errorTitle(error)}`, { color: colors.fail, bold: true })];
  for (const row of wrapText(printable(error.message), inner)) lines.push(textLine(`  ${row}`, { color: colors.fail }));
  if (error.kubectlMessage !== undefined && error.kubectlMessage !== '') {
    lines.push(textLine('  kubectl says:', { color: colors.muted }));
    for (const row of wrapText(printable(error.kubectlMessage), inner - 2)) lines.push(textLine(`    ${row}`));
  }
  wrapText(printable(error.hint), inner - 5).forEach((row, i) => {
    lines.push(line(seg('  '), seg(i === 0 ? 'Try: ' : '     ', { bold: true, color: colors.accent }), seg(row)));
  });
  return lines;
}

/** "Not reached": what did not happen (the engine's reason), and where the trace stopped. */
export function notReachedLines(stoppedAt: StageName | null, width: number, reason?: string): Line[] {
  const where = stoppedAt === null ? 'an earlier stage' : `the ${stoppedAt} stage`;
  return [
    textLine('– Not reached', { color: colors.muted, bold: true }),
    ...(reason !== undefined && reason !== '' ? paragraphLines(reason, width, { color: colors.muted }, 2) : []),
    ...paragraphLines(`The trace stopped at ${where}. Press the number of that stage to see what went wrong.`, width, { color: colors.muted }, 2),
  ];
}

/**
 * Frames glass-box content: it only exists because the sandbox lets us look inside. `which` says
 * what request it describes ("page 1 of 3: the first request"), when the run can tell.
 */
export function glassBoxLines(body: Line[], ctx: ViewContext, path = 'insideApiServer', which: string | null = null): Line[] {
  return [
    blankLine(),
    ...sectionLines(`Inside the API server — sandbox only${which !== null ? ` · ${which}` : ''}`, ctx, path, colors.glassBox),
    ...body.map((l) => prefixLine([seg('│ ', { color: colors.glassBox })], l)),
  ];
}

export function glassBoxUnavailableLines(note: string, ctx: ViewContext, path = 'insideApiServerNote'): Line[] {
  return [blankLine(), ...sectionLines('Inside the API server', ctx, path, colors.muted), ...paragraphLines(note, ctx.width, { color: colors.muted }, 2)];
}
