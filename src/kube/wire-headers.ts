// The request header block as Go's transport writes it, for each protocol. kubectl's headers (set by
// client-go's round trippers into an http.Header map) go out:
// - on h2 (net/http/internal/httpcommon EncodeHeaders): :authority, :method, :path, :scheme, then the
//   map's headers with lower-case names, then content-length, then accept-encoding: gzip (added by the
//   transport), then a default user-agent if the request had none. Go iterates the map in random order,
//   so the order of the middle part changes from run to run; kube-trace shows it sorted by name (the
//   order kubectl 1.33's -v=8 `headers=<` block and Go's HTTP/1.1 writer use) — a documented choice.
// - on HTTP/1.1 (net/http Request.write): Host, User-Agent, Content-Length, the other headers sorted by
//   canonical name, then Accept-Encoding: gzip. No Connection header.
import type { HttpProtocol, NameValue } from './types.js';

/** Go's textproto.CanonicalMIMEHeaderKey: "kubectl-command" → "Kubectl-Command" (names with odd bytes stay as they are). */
export function canonicalHeaderKey(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  let upper = true;
  let out = '';
  for (const c of name) {
    out += upper ? c.toUpperCase() : c.toLowerCase();
    upper = c === '-';
  }
  return out;
}

export interface LogicalRequest {
  method: string;
  /** Path and query as sent (no scheme or host). */
  pathAndQuery: string;
  /** Host[:port] as written in the server URL (Go keeps an explicit :443). */
  authority: string;
  scheme: 'https' | 'http';
  /** The http.Header map's entries (any case, any order; repeated names keep their value order). */
  headers: NameValue[];
  /** Request body length, when there is a body. */
  bodyLength: number | null;
  /** The transport asks for gzip itself unless compression is disabled. */
  addGzip: boolean;
  /** An http:// request through an HTTP proxy: the request line carries the absolute URL. */
  absoluteUri?: string;
}

function sortedByName(headers: NameValue[], key: (n: string) => string): NameValue[] {
  // A stable sort: a repeated name keeps its values in the order they were added (http.Header.Add).
  return headers
    .map((h, i) => ({ h: { name: key(h.name), value: h.value }, i }))
    .sort((a, b) => (a.h.name < b.h.name ? -1 : a.h.name > b.h.name ? 1 : a.i - b.i))
    .map((x) => x.h);
}

const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'transfer-encoding', 'upgrade', 'keep-alive']);

function wantsContentLength(method: string, bodyLength: number | null): boolean {
  if (bodyLength !== null && bodyLength > 0) return true;
  return bodyLength !== null && ['POST', 'PUT', 'PATCH'].includes(method.toUpperCase());
}

/** The header block of one request, in wire order, for the protocol it goes out on. */
export function wireHeaders(req: LogicalRequest, protocol: HttpProtocol): NameValue[] {
  const lower = (n: string): string => n.toLowerCase();
  const regular = req.headers.filter((h) => {
    const n = lower(h.name);
    return n !== 'host' && n !== 'content-length' && !HOP_BY_HOP.has(n);
  });
  const hasUa = regular.some((h) => lower(h.name) === 'user-agent');
  const gzip = req.addGzip && !req.headers.some((h) => ['accept-encoding', 'range'].includes(lower(h.name))) && req.method.toUpperCase() !== 'HEAD';
  const length = wantsContentLength(req.method, req.bodyLength) ? String(req.bodyLength ?? 0) : null;
  if (protocol === 'h2') {
    const out: NameValue[] = [
      { name: ':authority', value: req.authority },
      { name: ':method', value: req.method },
      { name: ':path', value: req.pathAndQuery },
      { name: ':scheme', value: req.scheme },
    ];
    // At most one user-agent, as Go's http1 does.
    let seenUa = false;
    for (const h of sortedByName(regular, lower)) {
      if (h.name === 'user-agent') {
        if (seenUa || h.value === '') continue;
        seenUa = true;
      }
      out.push(h);
    }
    if (length !== null) out.push({ name: 'content-length', value: length });
    if (gzip) out.push({ name: 'accept-encoding', value: 'gzip' });
    if (!hasUa) out.push({ name: 'user-agent', value: 'Go-http-client/2.0' });
    return out;
  }
  const ua = regular.find((h) => lower(h.name) === 'user-agent')?.value ?? 'Go-http-client/1.1';
  const out: NameValue[] = [{ name: 'Host', value: req.authority }];
  if (ua !== '') out.push({ name: 'User-Agent', value: ua });
  if (length !== null) out.push({ name: 'Content-Length', value: length });
  out.push(...sortedByName(regular.filter((h) => lower(h.name) !== 'user-agent'), canonicalHeaderKey));
  if (gzip) out.push({ name: 'Accept-Encoding', value: 'gzip' });
  return out;
}
