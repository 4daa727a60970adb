// "c": the request as a curl command the learner can paste. Long commands are broken at argument
// boundaries with shell line continuations, so the copied text still runs.
import type { Line } from './lines.js';
import { blankLine, headingLine, paragraphLines, textLine } from './lines.js';
import { colors } from '../theme.js';
import { displayWidth } from '../text/wrap.js';

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

/**
 * Breaks one shell word that is wider than a row. Each row ends in a backslash: outside quotes a
 * backslash-newline joins the word back; inside single quotes the quote is closed first and reopened
 * on the next row ('ab'\⏎'cd' is the word abcd). Continuation rows start at column 0 on purpose.
 */
function breakWord(word: string, max: number, indent: string): string[] {
  const rows: string[] = [];
  const chars = [...word];
  let row = indent;
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (ch === "'" && !inDouble) inSingle = !inSingle;
    else if (ch === '"' && !inSingle) inDouble = !inDouble;
    row += ch;
    const room = max - (inSingle ? 2 : 1);
    // Do not break right after a backslash: it would escape the line break instead.
    if (displayWidth(row) >= room && i < chars.length - 1 && ch !== '\\') {
      rows.push(inSingle ? `${row}'\\` : `${row}\\`);
      row = inSingle ? "'" : '';
    }
  }
  rows.push(row);
  return rows;
}

/**
 * Lays the command out in rows of at most `width`: options with their argument, rows continued with
 * " \", and words too long for a row broken so the pasted text still runs.
 */
export function curlRows(command: string, width: number): string[] {
  const words = shellWords(command);
  // An option and its argument stay together ("-H 'Accept: …'").
  const groups: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const next = words[i + 1];
    if (/^-{1,2}[A-Za-z]/.test(w) && !w.includes('=') && next !== undefined && !next.startsWith('-') && !/^--?(k|s|S|i|v|sS|insecure|silent)$/.test(w)) {
      groups.push(`${w} ${next}`);
      i++;
    } else groups.push(w);
  }
  const max = Math.max(12, width - 2);
  const rows: string[] = [];
  let line = '';
  const flush = (): void => {
    if (line !== '') rows.push(`${line} \\`);
    line = '';
  };
  for (const g of groups) {
    const candidate = line === '' ? g : `${line} ${g}`;
    if (displayWidth(candidate) <= max) {
      line = candidate;
      continue;
    }
    flush();
    const indented = rows.length === 0 ? g : `  ${g}`;
    if (displayWidth(indented) <= max) {
      line = indented;
      continue;
    }
    const pieces = breakWord(g, max, rows.length === 0 ? '' : '  ');
    rows.push(...pieces.slice(0, -1));
    line = pieces[pieces.length - 1] ?? '';
  }
  if (line !== '') rows.push(line);
  // The last row carries no continuation.
  const last = rows.length - 1;
  if (last >= 0) rows[last] = (rows[last] ?? '').replace(/ \\$/, '');
  return rows;
}

/** `requestKey`: the number key of the stage that builds the request (null when the plan has none). */
export function curlLines(curl: string | null, requestKey: number | null, width: number): Line[] {
  const lines: Line[] = [headingLine('The same request with curl', width)];
  if (curl === null) {
    const press = requestKey !== null ? ` (press ${requestKey})` : '';
    lines.push(...paragraphLines(`The curl command is ready once the request stage has run${press}.`, width, { color: colors.muted }));
    return lines;
  }
  for (const row of curlRows(curl, width)) lines.push(textLine(row));
  lines.push(
    blankLine(),
    ...paragraphLines('Secrets are not in it: they are shell variables or placeholders for you to fill in. Press c or Esc to close.', width, { color: colors.muted }),
  );
  return lines;
}
