// The two wire protocols the sandbox speaks, as kube-apiserver does: HTTP/2 when the client offers
// h2 in ALPN (kubectl, Go's transport), HTTP/1.1 otherwise. Node hands the handler its compat objects
// for HTTP/2 and the classic ones for HTTP/1.1; this file is the one place that tells them apart.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { TLSSocket } from 'node:tls';

export type SandboxRequest = IncomingMessage | Http2ServerRequest;
export type SandboxResponse = ServerResponse | Http2ServerResponse;

export function isHttp2(req: SandboxRequest): req is Http2ServerRequest {
  return req.httpVersionMajor === 2;
}

/** The TLS connection the request came on (for the client certificate); undefined once an h2 stream has lost its session. */
export function tlsSocketOf(req: SandboxRequest): TLSSocket | undefined {
  // The h2 session's socket is a proxy of the TLSSocket; instanceof sees through it.
  const socket = isHttp2(req) ? req.stream.session?.socket : req.socket;
  return socket instanceof TLSSocket ? socket : undefined;
}

/** Ends the exchange abruptly (after the headers were sent): a reset stream on h2, a closed socket on h1. */
export function abort(res: SandboxResponse): void {
  if ('stream' in res) res.stream.close(0x2 /* NGHTTP2_INTERNAL_ERROR */);
  else res.destroy();
}
