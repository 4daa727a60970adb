// HTTP messages shown the way they travel on the wire: request line (or status line), headers,
// blank line, body. Header names in grey, values as they are (Authorization arrives masked).
import { Text } from 'ink';
import type { NameValue } from '../../trace/types.js';
import { colors } from '../theme.js';
import { hardWrap } from '../text/wrap.js';
import type { Line } from './lines.js';
import { preformattedLines, textLine } from './lines.js';

function headerLines(headers: NameValue[], width: number, highlight: Set<string>): Line[] {
  const lines: Line[] = [];
  for (const h of headers) {
    const lit = highlight.has(h.name.toLowerCase());
    const rows = hardWrap(`${h.name}: ${h.value}`, width - 2);
    rows.forEach((row, i) => {
      if (i === 0) {
        const value = row.slice(h.name.length + 1);
        lines.push(
          <Text wrap="truncate-end">
            {'  '}
            <Text color={lit ? colors.lookAt : colors.muted} bold={lit}>
              {h.name}:
            </Text>
            <Text color={lit ? colors.lookAt : undefined}>{value}</Text>
          </Text>,
        );
      } else {
        lines.push(textLine(`  ${row}`, lit ? { color: colors.lookAt } : {}));
      }
    });
  }
  return lines;
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
  width: number;
  /** Lower-case header names to highlight. */
  highlight?: Set<string>;
}

/** `GET /api/v1/namespaces/default/pods?limit=500 HTTP/1.1` then `Host:` and the headers. */
export function httpRequestLines(p: HttpRequestViewProps): Line[] {
  let target = p.url;
  let host: string | null = null;
  try {
    const u = new URL(p.url);
    target = u.pathname + u.search;
    host = u.host;
  } catch {
    // Not an absolute URL: show it as given.
  }
  const lines: Line[] = [];
  for (const [i, row] of hardWrap(`${p.method} ${target} ${httpVersionLabel(p.httpVersion)}`, p.width - 2).entries()) {
    lines.push(
      <Text wrap="truncate-end" bold>
        {'  '}
        {i === 0 ? <Text color={colors.accent}>{row.slice(0, p.method.length)}</Text> : null}
        {i === 0 ? row.slice(p.method.length) : row}
      </Text>,
    );
  }
  const hasHost = p.headers.some((h) => h.name.toLowerCase() === 'host');
  const headers = hasHost || host === null ? p.headers : [{ name: 'Host', value: host }, ...p.headers];
  lines.push(...headerLines(headers, p.width, p.highlight ?? new Set()));
  if (p.body !== undefined && p.body !== '') {
    lines.push(textLine(''));
    lines.push(...preformattedLines(p.body, p.width, {}, 2));
  }
  return lines;
}

export interface HttpResponseViewProps {
  httpVersion: string;
  status: number | null;
  statusText: string;
  headers: NameValue[];
  width: number;
  highlight?: Set<string>;
}

export function httpResponseLines(p: HttpResponseViewProps): Line[] {
  const ok = p.status !== null && p.status < 400;
  const statusLine = p.status === null ? 'no response' : `${httpVersionLabel(p.httpVersion)} ${p.status} ${p.statusText}`.trim();
  return [
    <Text wrap="truncate-end" bold>
      {'  '}
      <Text color={ok ? colors.ok : colors.fail}>{statusLine}</Text>
    </Text>,
    ...headerLines(p.headers, p.width, p.highlight ?? new Set()),
  ];
}
