// Connection hygiene for a server on a laptop: a client that opens connections and sends nothing, or
// keeps HTTP/2 connections open with no stream, must not use up the sandbox. Go's kube-apiserver has
// a TLS handshake deadline and an idle timeout (net/http IdleTimeout: 90 s; the sandbox's are seconds),
// and no connection cap; the sandbox adds one per client address, closing that client's oldest
// connection that has said nothing (or has nothing in flight) instead of refusing newcomers, so a
// flood of silent TCP connections cannot lock the learner's own kubectl out.

import type { Http2SecureServer, ServerHttp2Session } from 'node:http2';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { SandboxRequest, SandboxResponse } from './http.js';

export interface ConnectionLimits {
  /** Time allowed from TCP accept to the end of the TLS handshake (Node's tls handshakeTimeout). */
  handshakeTimeoutMs: number;
  /** How long a connection may stay open with no request in flight (HTTP/2; HTTP/1.1 keep-alive is shorter, 5 s). */
  idleTimeoutMs: number;
  /** Connections from one address that have not sent a byte yet; past it, that address's oldest such one is closed. */
  silentPerClient: number;
  /** All connections from one address; past it, its oldest silent or idle one is closed, else the new one. */
  perClient: number;
  /** How long a request body may take to arrive before the request is answered 504 and its stream reset. */
  requestBodyTimeoutMs: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = { handshakeTimeoutMs: 5_000, idleTimeoutMs: 10_000, silentPerClient: 256, perClient: 512, requestBodyTimeoutMs: 30_000 };

interface Entry {
  raw: Socket;
  client: string;
  seq: number;
  secure: boolean;
  active: number;
  session?: ServerHttp2Session;
  tls?: TLSSocket;
  idleTimer?: NodeJS.Timeout;
}

const keyOf = (s: { remoteAddress?: string | undefined; remotePort?: number | undefined }): string => `${s.remoteAddress ?? ''}|${s.remotePort ?? 0}`;

export class ConnectionGuard {
  private readonly entries = new Map<string, Entry>();
  private seq = 0;

  constructor(private readonly limits: ConnectionLimits) {}

  /** Wires the guard to a server; call before listen(). */
  attach(server: Http2SecureServer): void {
    server.on('connection', (raw: Socket) => this.onConnection(raw));
    server.on('secureConnection', (tls: TLSSocket) => {
      const e = this.entries.get(keyOf(tls));
      if (!e) return;
      e.secure = true;
      e.tls = tls;
      this.armIdle(e);
    });
    server.on('session', (session: ServerHttp2Session) => {
      // A new session's socket is always there (Node's getter returns its proxy).
      const e = this.entries.get(keyOf(session.socket));
      if (e) e.session = session;
    });
    server.on('request', (req: SandboxRequest, res: SandboxResponse) => {
      const sock = 'stream' in req ? req.stream.session?.socket : req.socket;
      const e = sock ? this.entries.get(keyOf(sock)) : undefined;
      if (!e) return;
      e.active++;
      this.disarmIdle(e);
      res.once('close', () => {
        e.active--;
        if (e.active === 0) this.armIdle(e);
      });
    });
  }

  /** Open connections: every socket, for close(). */
  sockets(): Socket[] {
    return [...this.entries.values()].map((e) => e.raw);
  }

  sessions(): ServerHttp2Session[] {
    return [...this.entries.values()].flatMap((e) => (e.session ? [e.session] : []));
  }

  private onConnection(raw: Socket): void {
    const key = keyOf(raw);
    const e: Entry = { raw, client: raw.remoteAddress ?? '', seq: ++this.seq, secure: false, active: 0 };
    this.entries.set(key, e);
    raw.once('close', () => {
      this.disarmIdle(e);
      if (this.entries.get(key) === e) this.entries.delete(key);
    });
    const mine = [...this.entries.values()].filter((x) => x.client === e.client && x !== e);
    const silent = mine.filter((x) => !x.secure && x.raw.bytesRead === 0);
    if (silent.length >= this.limits.silentPerClient) this.close(oldest(silent));
    if (mine.length >= this.limits.perClient) {
      const victim = oldest(mine.filter((x) => (!x.secure && x.raw.bytesRead === 0) || (x.secure && x.active === 0)));
      this.close(victim ?? e);
    }
  }

  private armIdle(e: Entry): void {
    this.disarmIdle(e);
    e.idleTimer = setTimeout(() => {
      if (e.active === 0) this.close(e);
    }, this.limits.idleTimeoutMs);
    e.idleTimer.unref();
  }

  private disarmIdle(e: Entry): void {
    if (e.idleTimer) clearTimeout(e.idleTimer);
    e.idleTimer = undefined;
  }

  private close(e: Entry | undefined): void {
    if (!e) return;
    this.disarmIdle(e);
    // An HTTP/2 connection ends with GOAWAY, as Go's server does when it closes an idle connection.
    if (e.session && !e.session.closed) e.session.close();
    else e.raw.destroy();
  }
}

function oldest(list: Entry[]): Entry | undefined {
  return list.reduce<Entry | undefined>((a, b) => (a === undefined || b.seq < a.seq ? b : a), undefined);
}
