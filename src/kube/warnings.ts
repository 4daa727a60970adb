// `Warning:` response headers as client-go reads them (apimachinery/pkg/util/net ParseWarningHeaders)
// and as kubectl prints them on stderr (client-go rest.WarningWriter, deduplicated, "Warning: <text>",
// "Warning:" in bold yellow when stderr is a terminal). Only code 299 is printed.
import type { KubeWarning, NameValue } from './types.js';

function parseQuoted(s: string): { text: string; rest: string } | null {
  if (s[0] !== '"') return null;
  let out = '';
  let escaping = false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '"' && !escaping) return { text: out, rest: s.slice(i + 1).trim() };
    if (c === '\\' && !escaping) {
      escaping = true;
      continue;
    }
    out += c;
    escaping = false;
  }
  return null;
}

// Go's mime.WordDecoder for the charsets it knows without a CharsetReader (utf-8, us-ascii, iso-8859-1).
function decodeEncodedWords(text: string): string {
  if (!text.includes('=?')) return text;
  // Widened: it is set inside the replace callback, where TypeScript's narrowing does not look.
  let failed = false as boolean;
  const decoded = text.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_all, charset: string, enc: string, data: string) => {
    const cs = charset.toLowerCase();
    if (cs !== 'utf-8' && cs !== 'us-ascii' && cs !== 'iso-8859-1') {
      failed = true;
      return _all;
    }
    const bytes = enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return cs === 'iso-8859-1' ? bytes.toString('latin1') : bytes.toString('utf8');
  });
  return failed ? text : decoded;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** One header value may hold several comma-separated warnings; a malformed one ends that value. */
export function parseWarningHeaders(values: readonly string[]): KubeWarning[] {
  const out: KubeWarning[] = [];
  for (const value of values) {
    let rest = value;
    while (rest.length > 0) {
      const header = rest.trim();
      const sp1 = header.indexOf(' ');
      const sp2 = sp1 < 0 ? -1 : header.indexOf(' ', sp1 + 1);
      if (sp2 < 0) break;
      const code = header.slice(0, sp1);
      const agent = header.slice(sp1 + 1, sp2);
      const remainder = header.slice(sp2 + 1);
      if (!/^[0-9]{3}$/.test(code) || agent === '' || CONTROL.test(agent) || remainder === '') break;
      const q = parseQuoted(remainder);
      if (!q) break;
      const text = decodeEncodedWords(q.text);
      if (CONTROL.test(text) || text.includes('\ufffd')) break;
      out.push({ code: Number(code), agent, text });
      let after = q.rest;
      if (after.startsWith('"')) {
        const close = after.indexOf('"', 1);
        if (close < 0) break;
        after = after.slice(close + 1).trim();
      }
      if (after.length > 0 && after[0] !== ',') break;
      rest = after.length > 0 ? after.slice(1).trim() : '';
    }
  }
  return out;
}

// Node gives header values as latin1 strings (one char per byte); Go reads the bytes as UTF-8.
function asUtf8(value: string): string {
  return /^[\u0000-\u00ff]*$/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}

/** The warnings of a response, from its headers in wire order. */
export function warningsFrom(headers: readonly NameValue[]): KubeWarning[] {
  return parseWarningHeaders(headers.filter((h) => h.name.toLowerCase() === 'warning').map((h) => asUtf8(h.value)));
}

const YELLOW = '\u001b[33;1m';
const RESET = '\u001b[0m';

/**
 * kubectl's warning writer for one invocation: feed it each response's warnings in order; it returns
 * the stderr lines kubectl would print for them (each text once per invocation, code 299 only).
 */
export class KubectlWarningWriter {
  private readonly written = new Set<string>();
  constructor(private readonly opts: { color: boolean } = { color: false }) {}

  lines(warnings: readonly KubeWarning[]): string[] {
    const out: string[] = [];
    for (const w of warnings) {
      if (w.code !== 299 || w.text === '' || this.written.has(w.text)) continue;
      this.written.add(w.text);
      out.push(this.opts.color ? `${YELLOW}Warning:${RESET} ${w.text}` : `Warning: ${w.text}`);
    }
    return out;
  }
}
