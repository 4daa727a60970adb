// The format stage: how the response became the text kubectl prints: the output itself, byte for byte
// (wide rows: an -o wide or -A table scrolls sideways, it is never cut or re-wrapped), and the
// server's Table columns (which are shown and which only with -o wide).
import type { FormatData } from '../../trace/types.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine, textLine, wideTextLines } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';
import { colors } from '../theme.js';
import { formatTimeOfDay } from '../../text/index.js';

const PRINTED_FROM: Record<FormatData['printedFrom'], string> = {
  'server-table': "the server's Table (columns chosen by the API server; kubectl only aligns them)",
  objects: 'the objects, printed by kubectl itself',
  error: "kubectl's error for the refused request: nothing was printed on stdout",
};

/** Why there are no columns, from the run: the output asked for whole objects, or nothing came back to print. */
function noColumns(d: FormatData): string {
  if (d.printedFrom === 'error') return 'none: the request was refused, so there was no table';
  if (d.output === 'json' || d.output === 'yaml' || d.output === 'name') return `none: -o ${d.output} asks for whole objects, not a Table`;
  return 'none in this response';
}

export function formatView(d: FormatData, ctx: ViewContext): Line[] {
  // What kubectl prints comes first: it is what the learner recognises.
  const lines: Line[] = [...sectionLines(`stdout (exit code ${d.exitCode})`, ctx, 'stdout')];
  const out = d.stdout.replace(/\n$/, '');
  if (out === '') lines.push(textLine('  (empty)', { color: colors.muted }));
  else lines.push(...wideTextLines(out, {}, 2));
  lines.push(...sectionLines('stderr', ctx, 'stderr', colors.muted));
  if (d.stderr === '') lines.push(textLine('  (empty)', { color: colors.muted }));
  else lines.push(...wideTextLines(d.stderr.replace(/\n$/, ''), {}, 2));
  const shown = d.columns.filter((c) => c.shown).map((c) => c.name);
  const hidden = d.columns.filter((c) => !c.shown).map((c) => c.name);
  const age = d.ageExample;
  lines.push(
    blankLine(),
    ...kvLines(
      [
        { label: 'Printed from', value: PRINTED_FROM[d.printedFrom], path: 'printedFrom' },
        { label: 'Output', value: d.output, path: 'output' },
        { label: 'Rows', value: String(d.rowCount), path: 'rowCount' },
        { label: 'Exit code', value: String(d.exitCode), path: 'exitCode', tone: d.exitCode === 0 ? 'ok' : 'fail' },
        { label: 'Columns', value: shown.length > 0 ? shown.join(', ') : noColumns(d), path: 'columns' },
        ...(hidden.length > 0 ? [{ label: 'With -o wide', value: hidden.join(', '), tone: 'muted' as const }] : []),
        ...(age !== null
          ? [
              {
                label: 'AGE of',
                value: `${age.name}: created ${formatTimeOfDay(age.creationTimestamp) ?? age.creationTimestamp}${age.responseDate !== null ? `, answered (Date header) ${formatTimeOfDay(age.responseDate) ?? age.responseDate}` : ''} → the server printed ${age.printedAge}`,
                path: 'ageExample',
              },
            ]
          : []),
      ],
      ctx,
    ),
  );
  return lines;
}
