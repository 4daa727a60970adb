// After the last stage: all seven stages on one screen, with their key fact and how long each took.
import { Text } from 'ink';
import { STAGE_NAMES, STAGE_TITLES } from '../../trace/types.js';
import type { AnyStageResult, TraceReport } from '../../trace/types.js';
import { colors, marks } from '../theme.js';
import { formatMs, padEnd, truncate } from '../text/wrap.js';
import type { Line } from './lines.js';
import { blankLine, headingLine, textLine } from './lines.js';
import { stageFact } from '../stages/index.js';

export function summaryLines(results: readonly (AnyStageResult | undefined)[], report: TraceReport | null, width: number, exitHint: string | null, withTitles = true): Line[] {
  const lines: Line[] = [headingLine(`Summary: ${report !== null ? 'kube-trace ' + report.command.join(' ') : 'your request'}`, width)];
  const nameW = Math.max(...STAGE_NAMES.map((n) => n.length));
  const msW = 9;
  STAGE_NAMES.forEach((name, i) => {
    const r = results[i];
    const mark = r === undefined ? marks.pending : r.status === 'ok' ? marks.ok : r.status === 'error' ? marks.error : marks.skipped;
    const color = r === undefined || r.status === 'skipped' ? colors.muted : r.status === 'ok' ? colors.ok : colors.fail;
    const ms = r === undefined || r.status === 'skipped' ? '' : formatMs(r.durationMs);
    const factW = Math.max(10, width - nameW - msW - 8);
    lines.push(
      <Text wrap="truncate-end">
        <Text color={color}>{mark}</Text> <Text color={colors.muted}>{i + 1}</Text> <Text bold>{padEnd(name, nameW)}</Text>{' '}
        <Text color={colors.muted}>{ms.padStart(msW)}</Text>
        {'  '}
        <Text color={r?.status === 'error' ? colors.fail : undefined}>{r === undefined ? '' : truncate(stageFact(r), factW)}</Text>
      </Text>,
    );
    if (withTitles && r !== undefined && width >= 60 && r.status !== 'skipped') {
      lines.push(textLine(`      ${' '.repeat(nameW + msW + 3)}${truncate(STAGE_TITLES[name], factW)}`, { color: colors.muted, dimColor: true }));
    }
  });
  const total = results.reduce((sum, r) => sum + (r?.durationMs ?? 0), 0);
  lines.push(blankLine());
  lines.push(textLine(`Total ${formatMs(total)} · kubectl would exit with ${report?.output.exitCode ?? '—'}`, { bold: true }));
  if (report !== null) {
    const out = report.output.stdout.split('\n').filter((l) => l !== '').length;
    lines.push(textLine(`Printed ${out} line${out === 1 ? '' : 's'} to stdout${report.output.stderr !== '' ? ' and a message to stderr' : ''}.`, { color: colors.muted }));
  }
  if (exitHint !== null) lines.push(blankLine(), textLine(exitHint, { color: colors.accent }));
  return lines;
}
