// One function for every piece of text that reaches a terminal: anything that could move the cursor,
// change colours, retitle the window or reorder what is shown is made visible instead.
//
// The escaping, chosen to match what kubectl and `cat -v` show:
//   C0 controls and DEL    caret notation: NUL → ^@, ESC → ^[ (kubectl's table prints ESC so), DEL → ^?
//   C1 controls            <U+0080> … <U+009F>
//   bidi controls          <U+061C>, <U+200E>, <U+200F>, <U+202A> … <U+202E>, <U+2066> … <U+2069>
//   line/para separators   <U+2028>, <U+2029>
//   lone surrogates        <U+D800> … (not a character; a terminal would show a replacement)
// So an escape sequence such as ESC [ 3 1 m shows as ^[[31m, and a Trojan-Source override as <U+202E>.
// A literal "^[" in the input is left as it is: like kubectl's, the escaping is for the eye and is
// not reversible.
//
// Newlines and tabs are decided by the caller (options below): one-row places (a header value, a
// table cell) must not break the row; blocks (kubectl's stdout) keep their lines. A CR that does not
// end a CRLF always shows as ^M: it would return the cursor and let later text overwrite earlier.

import { displayWidth } from './width.js';

export interface PrintableOptions {
  /** 'keep': \n and \r\n become \n; 'escape' (default): \n shows as ^J, so the text stays on one row. */
  newlines?: 'keep' | 'escape';
  /** 'expand' (default): a tab becomes spaces to the next tab stop; 'escape': it shows as ^I. */
  tabs?: 'expand' | 'escape';
  /** Columns between tab stops when expanding (default 8, as terminals have them). */
  tabWidth?: number;
}

// Everything that needs a look: C0, DEL, C1, bidi controls, separators, surrogates (paired or not).
const SPECIAL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]/;

function isEscapedCodePoint(cp: number): boolean {
  return (
    (cp >= 0x80 && cp <= 0x9f) ||
    cp === 0x061c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    (cp >= 0xd800 && cp <= 0xdfff)
  );
}

function caret(cp: number): string {
  return `^${String.fromCharCode(cp ^ 0x40)}`;
}

function unicodeName(cp: number): string {
  return `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** `text` made safe to write to a terminal; see the escaping table above. */
export function printable(text: string, options: PrintableOptions = {}): string {
  if (!SPECIAL.test(text)) return text;
  const keepNewlines = options.newlines === 'keep';
  const expandTabs = options.tabs !== 'escape';
  const tabWidth = Math.max(1, options.tabWidth ?? 8);
  let out = '';
  let lineStart = 0; // index in `out` where the current row began, for tab stops
  // for…of walks code points, and yields a lone surrogate as a unit of its own.
  const chars = Array.from(text); // code points on purpose: each control character is escaped on its own
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || (ch === '\r' && chars[i + 1] === '\n')) {
      if (ch === '\r') i++;
      if (keepNewlines) {
        out += '\n';
        lineStart = out.length;
      } else out += '^J';
    } else if (ch === '\t') {
      if (expandTabs) {
        const col = displayWidth(out.slice(lineStart));
        out += ' '.repeat(tabWidth - (col % tabWidth));
      } else out += '^I';
    } else if (cp < 0x20 || cp === 0x7f) out += caret(cp);
    else if (cp <= 0xffff && isEscapedCodePoint(cp)) out += unicodeName(cp);
    else out += ch;
  }
  return out;
}
