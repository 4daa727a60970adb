// Small forward proxies on 127.0.0.1 for the proxy tests: an HTTP proxy (CONNECT tunnels, and
// absolute-form requests for http:// targets), the same behind TLS (an "https://" proxy), and a SOCKS5
// proxy (RFC 1928, with RFC 1929 user/password). Each records what clients asked, and can map every
// target to one loopback port so a test can use a host name that only the proxy "resolves".
import { connect as tcpConnect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Issued } from '../trace/helpers/pki.js';

export interface ProxyLogEntry {
  /** 'CONNECT host:port', 'GET http://…' or 'SOCKS5 host:port'. */
  request: string;
  /** Request header lines as received (HTTP proxies), in order. */
  headers: { name: string; value: string }[];
  /** user:password the client offered (Proxy-Authorization Basic, or SOCKS5 auth). */
  credentials: string | null;
  /** What the proxy answered: 200 or a refusal code. */
  outcome: number;
}

export interface TestProxy {
  url: string;
  port: number;
  log: ProxyLogEntry[];
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Require these credentials ("user:password"); others get 407 (HTTP) or auth failure (SOCKS5). */
  credentials?: string;
  /** Send every tunnel to this loopback port whatever host the client asked for. */
  targetPort?: number;
  /** Serve the proxy itself over TLS (an https:// proxy) with this certificate. */
  tls?: Issued;
}

function track(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  return sockets;
}

async function listen(server: Server, sockets: Set<Socket>, scheme: string, log: ProxyLogEntry[]): Promise<TestProxy> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function splitHostPort(hostPort: string, defaultPort: number): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort) ?? /^([^:]+)(?::(\d+))?$/.exec(hostPort);
  return { host: m?.[1] ?? hostPort, port: m?.[2] ? Number(m[2]) : defaultPort };
}

/** An HTTP forward proxy (or, with `tls`, an https:// one). */
export async function startHttpProxy(opts: ProxyOptions = {}): Promise<TestProxy> {
  const log: ProxyLogEntry[] = [];
  const onSocket = (client: Socket): void => {
    client.on('error', () => undefined);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const lines = head.subarray(0, end).toString('latin1').split('\r\n');
      const rest = head.subarray(end + 4);
      const requestLine = lines[0] ?? '';
      const headers = lines.slice(1).map((l) => ({ name: l.slice(0, l.indexOf(':')), value: l.slice(l.indexOf(':') + 1).trim() }));
      const auth = headers.find((h) => h.name.toLowerCase() === 'proxy-authorization')?.value ?? null;
      const credentials = auth?.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : null;
      const [method, target] = requestLine.split(' ');
      const entry: ProxyLogEntry = { request: `${method ?? ''} ${target ?? ''}`, headers, credentials, outcome: 0 };
      log.push(entry);
      if (opts.credentials !== undefined && credentials !== opts.credentials) {
        entry.outcome = 407;
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (method === 'CONNECT') {
        const { host, port } = splitHostPort(target ?? '', 443);
        const upstream = tcpConnect(opts.targetPort ?? port, opts.targetPort ? '127.0.0.1' : host);
        upstream.on('error', () => {
          entry.outcome = 502;
          client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
        });
        upstream.on('connect', () => {
          entry.outcome = 200;
          client.write('HTTP/1.1 200 Connection established\r\n\r\n');
          if (rest.length > 0) upstream.write(rest);
          client.pipe(upstream).pipe(client);
        });
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        return;
      }
      // Absolute-form request for an http:// target: forward it (without the proxy headers).
      const url = new URL(target ?? '/', 'http://invalid');
      const upstream = tcpConnect(opts.targetPort ?? Number(url.port || 80), opts.targetPort ? '127.0.0.1' : url.hostname);
      upstream.on('error', () => client.destroy());
      upstream.on('connect', () => {
        entry.outcome = 200;
        const kept = lines.slice(1).filter((l) => !/^proxy-/i.test(l));
        upstream.write(`${method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1\r\n${kept.join('\r\n')}\r\n\r\n`);
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream).pipe(client);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    };
    client.on('data', onData);
  };
  if (opts.tls) {
    const server = createTlsServer({ key: opts.tls.keyPem, cert: opts.tls.certPem }, onSocket);
    server.on('tlsClientError', () => undefined);
    const sockets = track(server);
    return listen(server, sockets, 'https', log);
  }
  const server = createServer(onSocket);
  const sockets = track(server);
  return listen(server, sockets, 'http', log);
}

/** A SOCKS5 proxy: no-auth, or user/password when `credentials` is set; CONNECT only. */
export async function startSocks5Proxy(opts: ProxyOptions = {}): Promise<TestProxy> {
  const log: ProxyLogEntry[] = [];
  const server = createServer((client) => {
    client.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let stage: 'greeting' | 'auth' | 'request' | 'done' = 'greeting';
    let credentials: string | null = null;
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (stage === 'greeting') {
          if (buf.length < 2 || buf.length < 2 + buf[1]!) return;
          const methods = [...buf.subarray(2, 2 + buf[1]!)];
          buf = buf.subarray(2 + buf[1]!);
          const want = opts.credentials !== undefined ? 0x02 : 0x00;
          const offered = methods.includes(want) ? want : methods.includes(0x02) ? 0x02 : methods.includes(0x00) ? 0x00 : 0xff;
          client.write(Buffer.from([0x05, offered]));
          if (offered === 0xff) return void client.end();
          stage = offered === 0x02 ? 'auth' : 'request';
        } else if (stage === 'auth') {
          if (buf.length < 2) return;
          const ulen = buf[1]!;
          if (buf.length < 3 + ulen) return;
          const plen = buf[2 + ulen]!;
          if (buf.length < 3 + ulen + plen) return;
          credentials = `${buf.subarray(2, 2 + ulen).toString('utf8')}:${buf.subarray(3 + ulen, 3 + ulen + plen).toString('utf8')}`;
          buf = buf.subarray(3 + ulen + plen);
          if (opts.credentials !== undefined && credentials !== opts.credentials) {
            log.push({ request: 'SOCKS5 auth', headers: [], credentials, outcome: 1 });
            client.end(Buffer.from([0x01, 0x01]));
            return;
          }
          client.write(Buffer.from([0x01, 0x00]));
          stage = 'request';
        } else if (stage === 'request') {
          if (buf.length < 5) return;
          const atyp = buf[3]!;
          let host: string;
          let off: number;
          if (atyp === 0x01) {
            if (buf.length < 10) return;
            host = [...buf.subarray(4, 8)].join('.');
            off = 8;
          } else if (atyp === 0x03) {
            const n = buf[4]!;
            if (buf.length < 7 + n) return;
            host = buf.subarray(5, 5 + n).toString('utf8');
            off = 5 + n;
          } else {
            client.end(Buffer.from([0x05, 0x08, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
            return;
          }
          const port = buf.readUInt16BE(off);
          buf = buf.subarray(off + 2);
          const entry: ProxyLogEntry = { request: `SOCKS5 ${host}:${port}`, headers: [], credentials, outcome: 0 };
          log.push(entry);
          stage = 'done';
          client.off('data', onData);
          const upstream = tcpConnect(opts.targetPort ?? port, opts.targetPort ? '127.0.0.1' : host);
          upstream.on('error', () => {
            entry.outcome = 5;
            client.end(Buffer.from([0x05, 0x05, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
          });
          upstream.on('connect', () => {
            entry.outcome = 200;
            client.write(Buffer.from([0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0, 0]));
            if (buf.length > 0) upstream.write(buf);
            client.pipe(upstream).pipe(client);
          });
          client.on('close', () => upstream.destroy());
          upstream.on('close', () => client.destroy());
          return;
        } else return;
      }
    };
    client.on('data', onData);
  });
  const sockets = track(server);
  return listen(server, sockets, 'socks5', log);
}
