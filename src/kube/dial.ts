// Opens one connection to an API server the way Go's transport does, and times each phase: DNS (not
// for an IP literal), TCP connect (trying each resolved address in turn), the proxy's handshake (HTTP
// CONNECT or SOCKS5), and TLS with ALPN "h2, http/1.1". The first bytes the server sends during the
// TLS handshake are kept so that an HTTP answer to a TLS ClientHello can be reported as Go reports it
// ("server gave HTTP response to HTTPS client").
import { lookup } from 'node:dns/promises';
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Duplex } from 'node:stream';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { httpConnect, socks5Connect, type ProxyChoice } from './proxy.js';

/** Go's net.Dialer timeout and http.Transport TLSHandshakeTimeout in client-go's default transport. */
export const DIAL_TIMEOUT_MS = 30_000;
export const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface DialTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  /** tls-server-name: the name sent by SNI and checked against the certificate instead of the host. */
  serverName?: string;
}

export interface DialTarget {
  protocol: 'https:' | 'http:';
  /** Host name or IP literal (no brackets). */
  hostname: string;
  port: number;
}

export interface DialMarks {
  start: number;
  lookup?: number;
  connect?: number;
  proxy?: number;
  secure?: number;
}

export interface Dialed {
  socket: Socket;
  /** The protocol ALPN chose ('h2', 'http/1.1'), or null (plain http://, or no ALPN answer). */
  alpn: string | null;
  marks: DialMarks;
  remoteAddress: string;
  /** An http:// target through an HTTP proxy: requests go to the proxy in absolute form, not through a tunnel. */
  forwardProxy: boolean;
}

export type DialPhase = 'dns' | 'connect' | 'proxy' | 'tls';

export class DialFailure extends Error {
  constructor(
    readonly reason: unknown,
    readonly phase: DialPhase,
    readonly marks: DialMarks,
    /** The server answered the TLS ClientHello with "HTTP/": it speaks plain HTTP on this port. */
    readonly httpResponseToTls = false,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

export class DialTimeout extends Error {
  constructor(readonly which: 'dial-timeout' | 'tls-handshake-timeout' | 'aborted') {
    super(which);
  }
}

/** Passes bytes through unchanged and keeps the first five the server sent (a TLS record header). */
class FirstBytes extends Duplex {
  head = Buffer.alloc(0);
  constructor(private readonly inner: Socket) {
    super();
    inner.on('data', (c: Buffer) => {
      if (this.head.length < 5) this.head = Buffer.concat([this.head, c]).subarray(0, 5);
      if (!this.push(c)) inner.pause();
    });
    inner.on('end', () => this.push(null));
    inner.on('error', (e) => this.destroy(e));
    inner.on('close', () => this.destroy());
  }
  override _read(): void {
    this.inner.resume();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.inner.write(chunk, cb);
  }
  override _final(cb: (e?: Error | null) => void): void {
    this.inner.end();
    cb();
  }
  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.inner.destroy();
    cb(err);
  }
}

function onAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}

function tcp(address: string, port: number, signal: AbortSignal): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    // Go's dialer sets TCP_NODELAY on every connection; without it, Nagle's algorithm holds the
    // request's last TLS record until the server's delayed ACK (~40 ms on Linux) on each new connection.
    const s = tcpConnect({ host: address, port, noDelay: true });
    const off = onAbort(signal, () => {
      s.destroy();
      reject(new DialTimeout('aborted'));
    });
    s.once('connect', () => {
      off();
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', (e) => {
      off();
      reject(e);
    });
  });
}

/** Go's dialer: resolve (unless an IP literal), then try each address until one accepts. */
async function dialTcp(host: string, port: number, marks: DialMarks, signal: AbortSignal): Promise<Socket> {
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    const found = await lookup(host, { all: true, verbatim: true });
    marks.lookup = performance.now();
    addresses = found.map((a) => a.address);
  }
  // Boxed: the error is unknown (whatever the socket threw), and it is rethrown as it is.
  let last: { error: unknown } | null = null;
  for (const a of addresses) {
    try {
      const s = await tcp(a, port, signal);
      marks.connect = performance.now();
      return s;
    } catch (e) {
      if (e instanceof DialTimeout) throw e;
      last = { error: e };
    }
  }
  if (last !== null) throw last.error;
  throw new Error(`no addresses for ${host}`);
}

function startTls(raw: Socket, servername: string | undefined, host: string, opts: DialTls, alpn: string[], signal: AbortSignal, marks: DialMarks, phase: DialPhase): Promise<TLSSocket> {
  const peek = new FirstBytes(raw);
  return new Promise<TLSSocket>((resolve, reject) => {
    const s = tlsConnect({
      socket: peek,
      host,
      // Node (like Go) sends no SNI for an IP literal; the certificate is still checked against it.
      ...(servername !== undefined && isIP(servername) === 0 ? { servername } : {}),
      ...(opts.ca ? { ca: opts.ca } : {}),
      ...(opts.cert ? { cert: opts.cert } : {}),
      ...(opts.key ? { key: opts.key } : {}),
      rejectUnauthorized: opts.rejectUnauthorized,
      ALPNProtocols: alpn,
    });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new DialFailure(new DialTimeout('tls-handshake-timeout'), phase, marks));
    }, TLS_HANDSHAKE_TIMEOUT_MS);
    const off = onAbort(signal, () => {
      clearTimeout(timer);
      s.destroy();
      reject(new DialFailure(new DialTimeout('aborted'), phase, marks));
    });
    s.once('secureConnect', () => {
      clearTimeout(timer);
      off();
      marks.secure = performance.now();
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      off();
      s.destroy();
      reject(new DialFailure(e, phase, marks, peek.head.toString('latin1') === 'HTTP/'));
    });
  });
}

export interface DialRequest {
  target: DialTarget;
  /** TLS settings for an https:// target (also used for an https:// proxy, as Go's transport does). */
  tls: DialTls;
  proxy: ProxyChoice | null;
  signal: AbortSignal;
}

/** One connection, with every phase timed. Throws DialFailure (or DialTimeout wrapped in it). */
export async function dial(req: DialRequest): Promise<Dialed> {
  const marks: DialMarks = { start: performance.now() };
  const { target, proxy } = req;
  const dialSignal = AbortSignal.any([req.signal, AbortSignal.timeout(DIAL_TIMEOUT_MS)]);
  const wrapTimeout = (e: unknown, phase: DialPhase): DialFailure => {
    if (e instanceof DialFailure) return e;
    if (e instanceof DialTimeout && !req.signal.aborted) return new DialFailure(new DialTimeout('dial-timeout'), phase, marks);
    return new DialFailure(e, phase, marks);
  };
  let socket: Socket;
  let forwardProxy = false;
  if (proxy && proxy.kind === 'socks5') {
    // SOCKS5: the proxy resolves the target; the TCP connect to the proxy is inside the handshake.
    try {
      if (isIP(proxy.host) === 0) {
        await lookup(proxy.host);
        marks.lookup = performance.now();
      }
      socket = await new Promise<Socket>((resolve, reject) => {
        const off = onAbort(dialSignal, () => reject(new DialTimeout('aborted')));
        socks5Connect(proxy, target.hostname, target.port, DIAL_TIMEOUT_MS).then(
          (s) => {
            off();
            if (dialSignal.aborted) s.destroy();
            else resolve(s);
          },
          (e: unknown) => {
            off();
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- forwards socks5Connect's own rejection unchanged; the catch below takes it as unknown
            reject(e);
          },
        );
      });
      marks.connect = marks.proxy = performance.now();
    } catch (e) {
      throw wrapTimeout(e, 'proxy');
    }
  } else {
    const host = proxy ? proxy.host : target.hostname;
    const port = proxy ? proxy.port : target.port;
    try {
      socket = await dialTcp(host, port, marks, dialSignal);
    } catch (e) {
      throw wrapTimeout(e, marks.lookup === undefined && isIP(host) === 0 ? 'dns' : proxy ? 'proxy' : 'connect');
    }
    if (proxy) {
      try {
        // An https:// proxy is reached over TLS with the cluster's TLS settings (Go's addTLS), named by its host.
        if (proxy.kind === 'https') socket = await startTls(socket, proxy.host, proxy.host, { ...req.tls, serverName: proxy.host }, ['http/1.1'], req.signal, marks, 'proxy');
        if (target.protocol === 'https:') {
          const hostPort = `${isIP(target.hostname) === 6 ? `[${target.hostname}]` : target.hostname}:${target.port}`;
          await httpConnect(socket, proxy, hostPort);
        } else forwardProxy = true;
        marks.proxy = performance.now();
      } catch (e) {
        socket.destroy();
        throw wrapTimeout(e, 'proxy');
      }
    }
  }
  const remoteAddress = `${socket.remoteAddress ?? ''}:${socket.remotePort ?? ''}`;
  if (target.protocol === 'http:') return { socket, alpn: null, marks, remoteAddress, forwardProxy };
  const name = req.tls.serverName ?? target.hostname;
  const secure = await startTls(socket, name, name, req.tls, ['h2', 'http/1.1'], req.signal, marks, 'tls');
  const alpn = typeof secure.alpnProtocol === 'string' ? secure.alpnProtocol : null;
  return { socket: secure, alpn, marks, remoteAddress, forwardProxy };
}
