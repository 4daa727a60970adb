// "?": every key, one per row.
import { Text } from 'ink';
import type { TracePlan } from '../../trace/types.js';
import { keyHelp } from '../keys.js';
import { colors } from '../theme.js';
import { padEnd, wrapText } from '../text/wrap.js';
import type { Line } from './lines.js';
import { blankLine, headingLine, textLine } from './lines.js';

export function helpLines(plan: TracePlan, width: number): Line[] {
  const help = keyHelp(plan);
  const keyW = Math.max(...help.map((k) => k.keys.length));
  const lines: Line[] = [headingLine('Keys', width)];
  for (const k of help) {
    wrapText(k.what, Math.max(10, width - keyW - 4)).forEach((row, i) =>
      lines.push(
        <Text wrap="truncate-end">
          {'  '}
          <Text bold color={colors.accent}>
            {padEnd(i === 0 ? k.keys : '', keyW)}
          </Text>
          {'  '}
          {row}
        </Text>,
      ),
    );
  }
  lines.push(blankLine(), textLine('Press ? or Esc to close.', { color: colors.muted }));
  return lines;
}
