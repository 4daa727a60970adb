// The format stage: how the response became the text kubectl prints: the server's Table columns (which are
// shown and which only with -o wide) and the output itself, byte for byte.
import type { FormatData } from '../../trace/types.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine, textLine } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';
import { colors } from '../theme.js';

export function formatView(d: FormatData, ctx: ViewContext): Line[] {
  // What kubectl prints comes first: it is what the learner recognises.
  const lines: Line[] = [...sectionLines(`stdout (exit code ${d.exitCode})`, ctx, 'stdout')];
  const out = d.stdout.replace(/\n$/, '');
  if (out === '') lines.push(textLine('  (empty)', { color: colors.muted }));
  else for (const row of out.split('\n')) lines.push(textLine(`  ${row}`));
  lines.push(...sectionLines('stderr', ctx, 'stderr', colors.muted));
  if (d.stderr === '') lines.push(textLine('  (empty)', { color: colors.muted }));
  else for (const row of d.stderr.replace(/\n$/, '').split('\n')) lines.push(textLine(`  ${row}`));
  lines.push(
    blankLine(),
    ...kvLines(
      [
        { label: 'Printed from', value: d.printedFrom === 'server-table' ? "the server's Table (columns chosen by the API server)" : 'the objects, printed by kubectl itself', path: 'printedFrom' },
        { label: 'Output', value: d.output, path: 'output' },
        { label: 'Rows', value: String(d.rowCount), path: 'rowCount' },
        { label: 'Exit code', value: String(d.exitCode), path: 'exitCode', tone: d.exitCode === 0 ? 'ok' : 'fail' },
      ],
      ctx,
    ),
  );
  if (d.columns.length > 0) {
    const shown = d.columns.filter((c) => c.shown).map((c) => c.name);
    const hidden = d.columns.filter((c) => !c.shown).map((c) => c.name);
    lines.push(
      ...kvLines(
        [
          { label: 'Columns', value: shown.join(', '), path: 'columns' },
          ...(hidden.length > 0 ? [{ label: 'With -o wide', value: hidden.join(', '), tone: 'muted' as const }] : []),
        ],
        ctx,
      ),
    );
  }
  return lines;
}
