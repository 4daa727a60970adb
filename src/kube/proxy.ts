// Which proxy a request goes through, chosen as client-go does: the cluster's proxy-url when it is set
// (every request, loopback included: http.ProxyURL), otherwise Go's ProxyFromEnvironment
// (HTTPS_PROXY / HTTP_PROXY, NO_PROXY; never for localhost or loopback addresses). And the tunnels:
// HTTP CONNECT (over TCP or TLS to the proxy) and SOCKS5 (the `socks` package), each written as Go
// writes it (CONNECT with Host, User-Agent: Go-http-client/1.1 and Proxy-Authorization).
import { isIP, type Socket } from 'node:net';
import { displayUrl, userinfoOf } from './display-url.js';
import type { ProxyInfo } from './types.js';

export interface ProxyChoice extends ProxyInfo {
  host: string;
  port: number;
  /** user:password for Proxy-Authorization / SOCKS5 auth (secret; never shown). */
  username: string | null;
  password: string | null;
}

/**
 * kubectl's validation of a cluster's proxy-url (clientcmd parseProxyURL): the reason it is refused, or
 * null. (Go's url.Parse and WHATWG URL agree on what does not parse for the values people write.)
 */
export function proxyUrlProblem(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return `could not parse: ${displayUrl(raw)}`;
  }
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https' && scheme !== 'socks5') return `unsupported scheme ${JSON.stringify(scheme)}, must be http, https, or socks5`;
  return null;
}

function choiceFrom(raw: string, source: ProxyInfo['source']): ProxyChoice | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  const scheme = u.protocol.replace(/:$/, '');
  const kind = scheme === 'https' ? 'https' : scheme === 'socks5' || scheme === 'socks5h' ? 'socks5' : scheme === 'http' ? 'http' : null;
  if (!kind) return null;
  const defaultPort = kind === 'https' ? 443 : kind === 'socks5' ? 1080 : 80;
  const info = userinfoOf(raw);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  return { kind, url: displayUrl(raw), source, host, port: u.port ? Number(u.port) : defaultPort, username: info?.username ?? null, password: info?.password ?? null };
}

// Go's httpproxy.parseProxy: a value without a scheme (or host) is read as http://VALUE.
function parseEnvProxy(value: string, source: ProxyInfo['source']): ProxyChoice | null {
  const direct = /^[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(value) ? choiceFrom(value, source) : null;
  return direct ?? choiceFrom(`http://${value}`, source);
}

function hostPortOf(target: URL): { host: string; port: string } {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = target.port !== '' ? target.port : target.protocol === 'https:' ? '443' : '80';
  return { host, port };
}

function ipInCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (!base || !Number.isInteger(bits)) return false;
  const v = isIP(ip);
  if (v === 0 || v !== isIP(base)) return false;
  const toBytes = (a: string): number[] => {
    if (v === 4) return a.split('.').map(Number);
    const parts = a.split('::');
    const head = parts[0] ? parts[0].split(':') : [];
    const tail = parts[1] ? parts[1].split(':') : [];
    const groups = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
    return groups.flatMap((g) => {
      const n = parseInt(g || '0', 16);
      return [n >> 8, n & 0xff];
    });
  };
  const a = toBytes(ip);
  const b = toBytes(base);
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if (((a[byte] ?? 0) & mask) !== ((b[byte] ?? 0) & mask)) return false;
  }
  return true;
}

function isLoopback(host: string): boolean {
  const v = isIP(host);
  if (v === 4) return host.startsWith('127.');
  if (v === 6) return /^(0*:)*:?0*1$/.test(host) || host === '::1';
  return false;
}

/** Go's httpproxy useProxy: false when NO_PROXY (or loopback) exempts the target. */
function exemptedByNoProxy(target: URL, noProxy: string): boolean {
  const { host, port } = hostPortOf(target);
  if (host === 'localhost' || isLoopback(host)) return true;
  for (const raw of noProxy.split(',')) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (ipInCidr(host, entry)) return true;
    let entryPort = '';
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (m?.[1] !== undefined && m[2] !== undefined && isIP(entry) !== 6) {
      entry = m[1];
      entryPort = m[2];
    }
    entry = entry.replace(/^\[(.*)\]$/, '$1');
    if (isIP(entry) !== 0) {
      if (isIP(host) !== 0 && entry === host && (entryPort === '' || entryPort === port)) return true;
      continue;
    }
    if (entry.startsWith('*.')) entry = entry.slice(1);
    const matchHost = !entry.startsWith('.');
    const suffix = matchHost ? `.${entry}` : entry;
    if (isIP(host) === 0 && (host.endsWith(suffix) || (matchHost && host === suffix.slice(1))) && (entryPort === '' || entryPort === port)) return true;
  }
  return false;
}

/**
 * The proxy for a request to `target`: the cluster's proxy-url, else the environment as Go reads it
 * (upper-case name first; HTTP_PROXY is ignored when REQUEST_METHOD is set, Go's CGI rule).
 */
export function proxyFor(target: URL, proxyUrl: string | null | undefined, env: Readonly<Record<string, string | undefined>>): ProxyChoice | null {
  if (proxyUrl) return choiceFrom(proxyUrl, 'proxy-url');
  const pick = (upper: 'HTTPS_PROXY' | 'HTTP_PROXY', lower: 'https_proxy' | 'http_proxy'): { value: string; source: ProxyInfo['source'] } | null => {
    const u = env[upper];
    if (u) return { value: u, source: upper };
    const l = env[lower];
    return l ? { value: l, source: lower } : null;
  };
  const chosen = target.protocol === 'https:' ? pick('HTTPS_PROXY', 'https_proxy') : env['REQUEST_METHOD'] ? null : pick('HTTP_PROXY', 'http_proxy');
  if (!chosen) return null;
  if (exemptedByNoProxy(target, env['NO_PROXY'] ?? env['no_proxy'] ?? '')) return null;
  return parseEnvProxy(chosen.value, chosen.source);
}

export class ProxyError extends Error {
  constructor(
    /** What Go reports, e.g. "Proxy Authentication Required" or "socks connect tcp …: …". */
    readonly goMessage: string,
    readonly status: number | null,
  ) {
    super(goMessage);
  }
}

function basic(p: ProxyChoice): string | null {
  if (p.username === null) return null;
  return `Basic ${Buffer.from(`${p.username}:${p.password ?? ''}`).toString('base64')}`;
}

/** The Proxy-Authorization value Go sends for a proxy with userinfo (secret). */
export function proxyAuthorization(p: ProxyChoice): string | null {
  return basic(p);
}

/**
 * Asks an HTTP proxy (already connected, over TCP or TLS) for a tunnel to host:port, as Go's transport
 * does, and resolves once the proxy said 200. Bytes after the proxy's answer stay in the socket.
 */
export function httpConnect(socket: Socket, p: ProxyChoice, targetHostPort: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const lines = [`CONNECT ${targetHostPort} HTTP/1.1`, `Host: ${targetHostPort}`, 'User-Agent: Go-http-client/1.1'];
    const auth = basic(p);
    if (auth) lines.push(`Proxy-Authorization: ${auth}`);
    let buf = Buffer.alloc(0);
    const cleanup = (): void => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const onClose = (): void => {
      cleanup();
      reject(Object.assign(new Error('proxy closed the connection'), { code: 'ECONNRESET' }));
    };
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > 64 * 1024) onError(new ProxyError('malformed HTTP response', null));
        return;
      }
      cleanup();
      socket.pause();
      const statusLine = buf.subarray(0, buf.indexOf('\r\n')).toString('latin1');
      const m = /^HTTP\/\d\.\d (\d{3})(?: (.*))?$/.exec(statusLine);
      const rest = buf.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      if (!m) return reject(new ProxyError(`malformed HTTP response ${JSON.stringify(statusLine)}`, null));
      const status = Number(m[1]);
      // Go: a non-200 answer is an error whose text is the status line after the code.
      if (status !== 200) return reject(new ProxyError(m[2] ?? 'unknown status code', status));
      resolve();
    };
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** A SOCKS5 tunnel through the proxy (Go sends host names to the proxy, which resolves them). */
export async function socks5Connect(p: ProxyChoice, host: string, port: number, timeoutMs: number): Promise<Socket> {
  // Loaded only for a socks5:// proxy: evaluating the library costs every other run ~10 ms.
  const { SocksClient } = await import('socks');
  try {
    const { socket } = await SocksClient.createConnection({
      proxy: { host: p.host, port: p.port, type: 5, ...(p.username !== null ? { userId: p.username, password: p.password ?? '' } : {}) },
      command: 'connect',
      destination: { host, port },
      timeout: timeoutMs,
    });
    return socket;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const code = (e as { code?: unknown } | null | undefined)?.code;
    // A proxy that is not there: the TCP error itself (Go: "proxyconnect tcp: dial tcp …: connect: connection refused").
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw e;
    const goReason = /authentication failed/i.test(msg) ? 'username/password authentication failed' : /ruleset|not allowed/i.test(msg) ? 'connection not allowed by ruleset' : /refused/i.test(msg) ? 'connection refused' : /unreachable/i.test(msg) ? 'host unreachable' : msg;
    throw new ProxyError(`socks connect tcp ${p.host}:${p.port}->${host}:${port}: ${goReason}`, null);
  }
}
