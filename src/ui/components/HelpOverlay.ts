// "?": every key, one per row (its explanation wrapped beside it).
import type { TracePlan } from '../../trace/types.js';
import { keyHelp } from '../keys.js';
import { colors } from '../theme.js';
import { displayWidth, padEnd, wrapText } from '../../text/index.js';
import type { Line } from './lines.js';
import { blankLine, headingLine, line, paragraphLines, seg } from './lines.js';

export function helpLines(plan: TracePlan, width: number): Line[] {
  const help = keyHelp(plan);
  const keyW = Math.min(Math.max(...help.map((k) => displayWidth(k.keys))), Math.floor(width / 2));
  const lines: Line[] = [headingLine('Keys', width)];
  for (const k of help) {
    // A key list wider than its column gets a row of its own.
    const own = displayWidth(k.keys) > keyW;
    if (own) lines.push(line(seg('  '), seg(k.keys, { bold: true, color: colors.accent })));
    wrapText(k.what, Math.max(10, width - keyW - 4)).forEach((row, i) =>
      lines.push(line(seg('  '), seg(padEnd(i === 0 && !own ? k.keys : '', keyW), { bold: true, color: colors.accent }), seg(`  ${row}`))),
    );
  }
  lines.push(blankLine(), ...paragraphLines('The stage counter (3/7) counts stages; "lesson page 2 of 5" counts the pages of that stage\'s lesson. Press ? or Esc to close.', width, { color: colors.muted }));
  return lines;
}
