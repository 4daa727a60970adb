// StageErrors with kubectl's own wording (kubectl's cmdutil.StandardErrorMessage and client-go's
// error types). kubectl also prints retry lines (E… memcache.go) before some of these; kube-trace keeps
// only the final line, which is the one that explains the failure.
import { readFileSync } from 'node:fs';
import { maskUrlsIn } from './display-url.js';
import type { NetworkFailure } from './observed-http.js';
import type { ErrorKind, StageError } from './types.js';

export interface K8sStatus {
  kind: 'Status';
  message?: string;
  reason?: string;
  code?: number;
}

export function asStatus(body: unknown): K8sStatus | null {
  if (body && typeof body === 'object' && (body as { kind?: unknown }).kind === 'Status') return body as K8sStatus;
  return null;
}

/** The resolver Go would report in "lookup X on <resolver>": the first nameserver in /etc/resolv.conf (approximation). */
function resolverAddress(): string {
  try {
    const m = /^\s*nameserver\s+(\S+)/m.exec(readFileSync('/etc/resolv.conf', 'utf8'));
    if (m?.[1]) return m[1].includes(':') ? `[${m[1]}]:53` : `${m[1]}:53`;
  } catch {
    // no resolv.conf: fall through
  }
  return '127.0.0.53:53';
}

function tlsKubectlDetail(f: NetworkFailure): string | null {
  switch (f.code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'CERT_HAS_EXPIRED':
      return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      // Go's x509.HostnameError: an IP host is checked against IP SANs only, a name against DNS SANs only.
      const host = f.tlsHost ?? '';
      const sans = (f.tlsAltNames ?? '').split(',').map((n) => n.trim());
      const isIp = /^[\d.]+$/.test(host) || host.includes(':');
      const ips = sans.filter((n) => n.startsWith('IP Address:')).map((n) => n.slice('IP Address:'.length));
      const dns = sans.filter((n) => n.startsWith('DNS:')).map((n) => n.slice('DNS:'.length));
      const prefix = 'tls: failed to verify certificate: x509: ';
      if (isIp && ips.length === 0) return `${prefix}cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
      const valid = (isIp ? ips : dns).join(', ');
      if (valid === '') return `${prefix}certificate is not valid for any names, but wanted to match ${host}`;
      return `${prefix}certificate is valid for ${valid}, not ${host}`;
    }
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
      // Something that is neither TLS nor HTTP answered (an HTTP answer is told apart before this).
      return 'tls: first record does not look like a TLS handshake';
    default:
      // Go's wording for other handshake failures differs from OpenSSL's; none is better than a wrong one.
      return null;
  }
}

/**
 * A failure before or while receiving a response. `rawPrefix` is what kubectl puts before an error it
 * has no special wording for: "error: " normally, nothing for `get` with table output (those errors
 * are printed from an aggregate without the prefix).
 */
export function networkStageError(f: NetworkFailure, url: string, what: string, rawPrefix = 'error: '): StageError {
  const u = new URL(url);
  const hostPort = u.port !== '' ? `${u.hostname}:${u.port}` : u.hostname;
  const connect = (detail: string): string => `Unable to connect to the server: ${detail}`;
  const make = (kind: ErrorKind, message: string, hint: string, kubectlMessage?: string): StageError =>
    kubectlMessage === undefined ? { kind, message, hint } : { kind, message, hint, kubectlMessage };
  // Go wraps a failure to reach or use the proxy in "proxyconnect tcp: …".
  const failingProxy = f.inProxy === true ? f.proxy : undefined;
  const viaProxy = failingProxy !== undefined;
  const proxyName = f.proxy ? `the ${f.proxy.kind} proxy ${f.proxy.url} (from ${f.proxy.source})` : '';
  const proxyHint = 'Check the proxy address and that the proxy is running; kubectl sends every request of this cluster through it.';
  const readBody = (original: string): string => `${rawPrefix}unexpected error when reading response body. Please retry. Original error: ${original}`;
  switch (f.kind) {
    case 'dns':
      if (viaProxy) return make('dns', `The proxy's name could not be resolved (DNS lookup failed) while sending ${what} through ${proxyName}.`, proxyHint, connect(`proxyconnect tcp: dial tcp: lookup ${new URL(failingProxy.url.replace('***', 'x')).hostname} on ${resolverAddress()}: no such host`));
      return make('dns', `The server name ${u.hostname} could not be resolved (DNS lookup failed) while sending ${what}.`, 'Check the server address in the kubeconfig cluster entry, your DNS settings and VPN.', connect(`dial tcp: lookup ${u.hostname} on ${resolverAddress()}: no such host`));
    case 'refused':
      // kubectl names the API server even when it was the proxy that refused (its check only looks for "connection refused").
      if (viaProxy) return make('connection-refused', `Nothing accepted the TCP connection to ${proxyName} while sending ${what}; the API server ${hostPort} was never reached.`, proxyHint, `The connection to the server ${hostPort} was refused - did you specify the right host or port?`);
      return make('connection-refused', `Nothing accepted the TCP connection to ${hostPort} while sending ${what}.`, 'Is the API server running, and are the host and port in the kubeconfig right?', `The connection to the server ${hostPort} was refused - did you specify the right host or port?`);
    case 'proxy':
      return make('connection-refused', `${proxyName ? proxyName.charAt(0).toUpperCase() + proxyName.slice(1) : 'The proxy'} refused to open a tunnel to ${hostPort} for ${what}: ${f.goMessage ?? f.detail}.`, /authentication|Authentication Required/.test(f.goMessage ?? '') ? 'The proxy wants other credentials: check the user and password in the proxy URL.' : proxyHint, connect(f.goMessage ?? f.detail));
    case 'timeout': {
      const hint = 'The server or the network is slow or unreachable; raise --request-timeout or check connectivity.';
      // Go's http.Client timeout wording depends on how far the request got.
      if (f.afterHeaders) return make('timeout', `The response to ${what} did not finish within --request-timeout.`, hint, readBody('context deadline exceeded (Client.Timeout or context cancellation while reading body)'));
      if (f.connected) return make('timeout', `No response from ${hostPort} within --request-timeout while sending ${what}.`, hint, connect('net/http: request canceled (Client.Timeout exceeded while awaiting headers)'));
      return make('timeout', `No connection to ${hostPort} could be set up within --request-timeout while sending ${what}.`, hint, connect('net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)'));
    }
    case 'dial-timeout':
      return make('timeout', `The TCP connection to ${viaProxy ? proxyName : hostPort} was not established within 30 s while sending ${what}.`, 'A firewall may be dropping packets; check the address and the network path.', viaProxy ? undefined : connect(`dial tcp ${hostPort}: i/o timeout`));
    case 'tls-handshake-timeout':
      return make('timeout', `The TLS handshake with ${hostPort} did not finish within 10 s while sending ${what}.`, 'Something answers TCP on that port but does not speak TLS promptly; check the port.', connect('net/http: TLS handshake timeout'));
    case 'tls': {
      const detail = tlsKubectlDetail(f);
      if (viaProxy) return make('tls', `The TLS handshake with ${proxyName} failed (${f.code}) while sending ${what}.`, "Go checks an https:// proxy's certificate with the cluster's certificate-authority; use an http:// proxy URL or a proxy certificate that CA signed.", detail === null ? undefined : connect(`proxyconnect tcp: ${detail}`));
      return make('tls', `The TLS handshake with ${hostPort} failed (${f.code}) while sending ${what}.`, f.code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'The server certificate does not name this host: use a name it lists, or set tls-server-name in the cluster entry.' : 'Check certificate-authority / certificate-authority-data in the cluster entry: it must be the CA that signed the server certificate.', detail === null ? undefined : connect(detail));
    }
    case 'http-response-to-https':
      return make('tls', `The server at ${hostPort} answered the TLS handshake with plain HTTP while sending ${what}: the port speaks http://, not https://.`, 'Use http:// in the server URL for this port, or the port where the API server serves TLS (kube-apiserver: 6443).', connect('http: server gave HTTP response to HTTPS client'));
    case 'reset':
      // Go reports a connection closed before any response as EOF.
      return make('bad-response', `The server closed the connection before answering ${what}.`, 'The server may have crashed or a proxy cut the connection; try again and check the server logs.', connect('EOF'));
    case 'truncated':
      return make('bad-response', `The server closed the connection in the middle of the response to ${what}.`, 'The body arrived incomplete (truncated); try again, and check proxies and server logs.', readBody('unexpected EOF'));
    case 'bad-gzip':
      return make('bad-response', `The response to ${what} says Content-Encoding: gzip but its body is not valid gzip (${f.detail}).`, 'A proxy or the server compressed the body wrongly; try again, or set disable-compression: true in the cluster entry to ask for no compression.', f.goMessage !== undefined ? readBody(f.goMessage) : undefined);
    case 'too-large': {
      const mib = Math.round((f.limitBytes ?? 64 * 1024 * 1024) / (1024 * 1024));
      // kube-trace's own cap: kubectl has none and would go on reading, so there is no kubectl line to show.
      return make(
        'bad-response',
        f.decoded
          ? `The response to ${what} decompresses to more than kube-trace's own ${mib} MiB limit (a gzip body that expands this much may be a "gzip bomb"); kube-trace stopped reading. kubectl has no such limit and would read on.`
          : `The response to ${what} is larger than kube-trace's own ${mib} MiB limit, so kube-trace stopped reading. kubectl has no such limit and would read (and print) all of it.`,
        'Narrow the request with -n, -l or --field-selector, or lower --chunk-size so each page is smaller.',
      );
    }
    case 'headers-too-large':
      return make('bad-response', `The response headers for ${what} are larger than 10 MiB, Go's limit (kubectl's too).`, 'Something between you and the API server adds enormous headers; check proxies.');
    case 'redirect-loop':
      return make('bad-response', `The server redirected ${what} more than 10 times; Go's HTTP client (kubectl's) gives up after 10 redirects.`, 'The server URL points at something that keeps redirecting (a login page, a proxy loop); check the server URL.', connect('stopped after 10 redirects'));
    case 'bad-redirect':
      return make('bad-response', `The server redirected ${what} to a Location that is not a URL (${f.detail}).`, 'Check what answers at the server URL: it is not behaving like an API server.');
    default:
      return make('internal', `Sending ${what} failed (${f.code}).`, 'Check the server address and the network.', connect(maskUrlsIn(f.detail)));
  }
}

/**
 * client-go's wording when an error response carries no Status (newUnstructuredResponseError →
 * NewGenericServerResponse): the body is used only when it is text, capped at 2048 bytes.
 */
function unstructuredMessage(status: number, body: string, isText: boolean, verb: string, resource: string, name: string | null): { reason: string; message: string } {
  const serverMessage = isText ? body.slice(0, 2048).trim() : 'unknown';
  let reason = '';
  let message = `the server responded with the status code ${status} but did not return more information`;
  switch (status) {
    case 400:
      [reason, message] = ['BadRequest', 'the server rejected our request for an unknown reason'];
      break;
    case 401:
      [reason, message] = ['Unauthorized', 'the server has asked for the client to provide credentials'];
      break;
    case 403:
      [reason, message] = ['Forbidden', serverMessage];
      break;
    case 404:
      [reason, message] = ['NotFound', 'the server could not find the requested resource'];
      break;
    case 405:
      [reason, message] = ['MethodNotAllowed', 'the server does not allow this method on the requested resource'];
      break;
    case 409:
      [reason, message] = ['Conflict', 'the server reported a conflict'];
      break;
    case 422:
      [reason, message] = ['Invalid', 'the server rejected our request due to an error in our request'];
      break;
    case 429:
      [reason, message] = ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'];
      break;
    case 504:
      [reason, message] = ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'];
      break;
    default:
      // Go's %q; JSON string quoting matches it for printable text.
      if (status >= 500) [reason, message] = ['InternalError', `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`];
  }
  if (resource !== '') message = name ? `${message} (${verb} ${resource} ${name})` : `${message} (${verb} ${resource})`;
  return { reason, message };
}

/** An HTTP error status, worded as kubectl prints it. */
export interface ListContext {
  /** schema.GroupVersionResource.String(), e.g. "/v1, Resource=pods". */
  gvr: string;
  labelSelector: string;
  fieldSelector: string;
}

export function httpStatusStageError(status: number, bodyText: string, parsed: unknown, what: string, verb: string, resource: string, opts: { isText?: boolean; name?: string | null; list?: ListContext } = {}): StageError {
  const st = asStatus(parsed);
  const fallback = unstructuredMessage(status, bodyText, opts.isText ?? true, verb, resource, opts.name ?? null);
  const reason = st?.reason && st.reason !== '' ? st.reason : st ? '' : fallback.reason;
  let message = st ? (st.message ?? '') : fallback.message;
  // kubectl's resource builder rewrites BadRequest/NotFound errors of a list (cli-runtime selector.go).
  if (opts.list && (reason === 'BadRequest' || reason === 'NotFound')) {
    const l = opts.list;
    message =
      l.labelSelector === '' && l.fieldSelector === ''
        ? `Unable to list ${JSON.stringify(l.gvr)}: ${message}`
        : `Unable to find ${JSON.stringify(l.gvr)} that match label selector ${JSON.stringify(l.labelSelector)}, field selector ${JSON.stringify(l.fieldSelector)}: ${message}`;
  }
  const kubectlMessage =
    reason === 'Unauthorized' || status === 401
      ? `error: You must be logged in to the server (${message})`
      : reason !== ''
        ? `Error from server (${reason}): ${message}`
        : `Error from server: ${message}`;
  const shortMsg = message.length > 200 ? `${message.slice(0, 200)}…` : message;
  if (status === 401) return { kind: 'unauthorized', message: `The server did not accept the credentials sent with ${what} (401 Unauthorized).`, hint: 'The token may be wrong or expired, the client certificate expired or signed by a CA the server does not trust; check the user entry in the kubeconfig.', kubectlMessage };
  if (status === 403) return { kind: 'forbidden', message: `The server knows who you are but RBAC does not allow ${what}: ${shortMsg}`, hint: 'Ask for a Role/ClusterRole binding that allows this verb on this resource, or try a namespace you can read (kubectl auth can-i list pods -n NS).', kubectlMessage };
  if (status === 404) return { kind: 'not-found', message: `The server has no such object or path for ${what}: ${shortMsg}`, hint: 'Check the name and the namespace (-n); `kubectl get pods` lists what exists.', kubectlMessage };
  if (status === 400) return { kind: 'bad-request', message: `The server rejected ${what} as invalid: ${shortMsg}`, hint: 'Check the -l / --field-selector syntax (pods support field selectors such as status.phase, spec.nodeName, metadata.name).', kubectlMessage };
  if (status >= 500) return { kind: 'server-error', message: `The server failed while handling ${what} (${status}): ${shortMsg}`, hint: 'This is a server-side problem; try again and check the API server (and etcd) logs.', kubectlMessage };
  return { kind: 'bad-response', message: `Unexpected status ${status} for ${what}: ${shortMsg}`, hint: 'Check that the server is a Kubernetes API server.', kubectlMessage };
}

/** A 2xx response whose body is not the JSON kubectl expects. */
export function undecodableBodyError(what: string, bodyText: string, contentType: string | null, rawPrefix = 'error: '): StageError {
  const first = bodyText.trimStart()[0] ?? '';
  const goJsonError = first === '' ? 'unexpected end of JSON input' : `invalid character '${first}' looking for beginning of value`;
  const media = ((contentType ?? '').split(';')[0] ?? '').trim().toLowerCase();
  const isJson = media === '' || media === 'application/json' || media.endsWith('+json');
  return {
    kind: 'bad-response',
    message: `The response to ${what} is not valid JSON (Content-Type ${contentType ?? 'none'}).`,
    hint: 'Something other than the API server may be answering at this address (a proxy or an HTML login page); check the server URL.',
    // client-go finds no decoder for a non-JSON media type; for JSON it fails while decoding.
    kubectlMessage: isJson ? `${rawPrefix}couldn't get version/kind; json parse error: ${goJsonError}` : `${rawPrefix}serializer for ${contentType ?? ''} doesn't exist`,
  };
}
