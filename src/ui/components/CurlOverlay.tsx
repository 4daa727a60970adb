// "c": the request as a curl command the learner can paste. Long commands are broken at argument
// boundaries with shell line continuations, so the copied text still runs.
import type { Line } from './lines.js';
import { blankLine, headingLine, paragraphLines, textLine } from './lines.js';
import { colors } from '../theme.js';
import { displayWidth, hardWrap } from '../text/wrap.js';

/** Splits a shell command into words, keeping quoted strings whole. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] ?? '';
    if (quote !== null) {
      cur += ch;
      if (ch === '\\' && quote === '"' && i + 1 < command.length) cur += command[++i] ?? '';
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === '\\' && command[i + 1] === '\n') {
      i++;
    } else if (/\s/.test(ch)) {
      if (cur !== '') words.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '') words.push(cur);
  return words;
}

/** Lays the command out in rows of at most `width`, each but the last ending in " \". */
export function curlRows(command: string, width: number): string[] {
  const words = shellWords(command);
  const rows: string[] = [];
  let line = '';
  // An option and its argument stay together ("-H 'Accept: …'").
  const groups: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const next = words[i + 1];
    if (/^-{1,2}[A-Za-z]/.test(w) && !w.includes('=') && next !== undefined && !next.startsWith('-') && !/^--?(k|s|S|i|v|insecure|silent)$/.test(w)) {
      groups.push(`${w} ${next}`);
      i++;
    } else groups.push(w);
  }
  const max = Math.max(10, width - 2);
  for (const g of groups) {
    const candidate = line === '' ? g : `${line} ${g}`;
    if (displayWidth(candidate) <= max) {
      line = candidate;
      continue;
    }
    if (line !== '') rows.push(line);
    line = line === '' ? g : `  ${g}`;
  }
  if (line !== '') rows.push(line);
  return rows.map((r, i) => (i < rows.length - 1 ? `${r} \\` : r));
}

export function curlLines(curl: string | null, width: number): Line[] {
  const lines: Line[] = [headingLine('The same request with curl', width)];
  if (curl === null) {
    lines.push(...paragraphLines('The curl command is ready once the request stage has run (press 3).', width, { color: colors.muted }));
    return lines;
  }
  for (const row of curlRows(curl, width)) for (const piece of hardWrap(row, width)) lines.push(textLine(piece));
  lines.push(
    blankLine(),
    ...paragraphLines('Secrets are not in it: they are shell variables or placeholders for you to fill in. Press c or Esc to close.', width, { color: colors.muted }),
  );
  return lines;
}
