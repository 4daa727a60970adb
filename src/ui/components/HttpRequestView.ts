// HTTP messages shown the way they travel on the wire: request line (or status line), then one row
// per header, exactly (wide rows: a long Accept header scrolls sideways instead of being re-wrapped
// into something that looks like two headers). Header names in grey; Authorization arrives masked.
import type { NameValue } from '../../trace/types.js';
import { colors } from '../theme.js';
import type { Line } from './lines.js';
import { blankLine, seg, wideLine, wideTextLines } from './lines.js';

function headerLines(headers: NameValue[], highlight: Set<string>): Line[] {
  return headers.map((h) => {
    const lit = highlight.has(h.name.toLowerCase());
    return wideLine(seg('  '), seg(`${h.name}:`, { color: lit ? colors.lookAt : colors.muted, bold: lit }), seg(` ${h.value}`, { color: lit ? colors.lookAt : undefined }));
  });
}

/** "1.1", "HTTP/1.1" or "" → "HTTP/1.1"-style. */
export function httpVersionLabel(v: string | undefined): string {
  if (v === undefined || v === '') return 'HTTP/1.1';
  return v.toUpperCase().startsWith('HTTP') ? v : `HTTP/${v}`;
}

export interface HttpRequestViewProps {
  method: string;
  url: string;
  httpVersion?: string;
  headers: NameValue[];
  body?: string;
  /** Lower-case header names to highlight. */
  highlight?: Set<string>;
}

/**
 * HTTP/1.1: `GET /api/v1/namespaces/default/pods?limit=500 HTTP/1.1` then `Host:` and the headers.
 * HTTP/2 (the block starts with pseudo-headers): there is no request line and no Host header on that
 * wire; :method, :path and :authority carry them, so the block is shown as it is.
 */
export function httpRequestLines(p: HttpRequestViewProps): Line[] {
  if (p.headers.some((h) => h.name.startsWith(':'))) {
    const lines: Line[] = [wideLine(seg('  '), seg('HTTP/2', { bold: true, color: colors.accent }), seg(' HEADERS frame (HPACK-compressed on the wire, shown as name: value)', { color: colors.muted }))];
    lines.push(...headerLines(p.headers, p.highlight ?? new Set()));
    if (p.body !== undefined && p.body !== '') lines.push(blankLine(), ...wideTextLines(p.body, {}, 2));
    return lines;
  }
  let target = p.url;
  let host: string | null = null;
  try {
    const u = new URL(p.url);
    target = u.pathname + u.search;
    host = u.host;
  } catch {
    // Not an absolute URL: show it as given.
  }
  const lines: Line[] = [wideLine(seg('  '), seg(p.method, { bold: true, color: colors.accent }), seg(` ${target} ${httpVersionLabel(p.httpVersion)}`, { bold: true }))];
  const hasHost = p.headers.some((h) => h.name.toLowerCase() === 'host');
  const headers = hasHost || host === null ? p.headers : [{ name: 'Host', value: host }, ...p.headers];
  lines.push(...headerLines(headers, p.highlight ?? new Set()));
  if (p.body !== undefined && p.body !== '') lines.push(blankLine(), ...wideTextLines(p.body, {}, 2));
  return lines;
}

export interface HttpResponseViewProps {
  httpVersion: string;
  status: number | null;
  statusText: string;
  headers: NameValue[];
  highlight?: Set<string>;
}

export function httpResponseLines(p: HttpResponseViewProps): Line[] {
  const ok = p.status !== null && p.status < 400;
  const statusLine = p.status === null ? 'no response' : `${httpVersionLabel(p.httpVersion)} ${p.status} ${p.statusText}`.trim();
  return [wideLine(seg('  '), seg(statusLine, { bold: true, color: ok ? colors.ok : colors.fail })), ...headerLines(p.headers, p.highlight ?? new Set())];
}
