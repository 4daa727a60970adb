// The log lines kubectl writes to stderr by default (klog, severity E and W), with this run's time and
// pid: when discovery fails with a cold cache, kubectl logs each failed attempt before its error.
import type { NetworkFailure } from '../../kube/observed-http.js';
import type { StageError } from '../../kube/types.js';
import { minorOf, unhandledErrorStyle, type KubectlBuild } from './identity.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** klog's header: "E1201 23:47:56.183993   15786 memcache.go:265] " (local time, microseconds, pid in 7 columns). */
export function klogHeader(severity: 'E' | 'W' | 'I', at: Date, pid: number, source: string): string {
  const micros = pad(at.getMilliseconds(), 3) + '000';
  return `${severity}${pad(at.getMonth() + 1)}${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${micros} ${String(pid).padStart(7)} ${source}] `;
}

/** Go's %q of a string as klog's structured form quotes values (printable ASCII kept, the rest escaped). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/**
 * The error text Go's client returns for a discovery request that failed, as memcache.go logs it:
 * the url.Error form ("Get \"URL\": …") for transport failures, the Status message for HTTP ones.
 */
export function discoveryGoError(error: StageError, failure: NetworkFailure | null, url: string): string {
  const said = error.kubectlMessage ?? error.message;
  if (failure?.goMessage !== undefined) return `Get ${goQuote(url)}: ${failure.goMessage}`;
  if (failure?.inProxy === true && failure.kind === 'refused') {
    const addr = /(\d{1,3}(?:\.\d{1,3}){3}:\d+|\[[0-9a-f:]+\]:\d+)/i.exec(failure.detail)?.[1] ?? '';
    return `Get ${goQuote(url)}: proxyconnect tcp: dial tcp ${addr}: connect: connection refused`;
  }
  // A credential that could not be had (an exec plugin): the transport's error, as for a failed dial.
  const unable = /^Unable to connect to the server: (.*)$/.exec(said);
  if (failure === null && unable?.[1] !== undefined) return `Get ${goQuote(url)}: ${unable[1]}`;
  if (failure !== null) {
    if (failure.kind === 'refused') {
      const addr = /(\d{1,3}(?:\.\d{1,3}){3}:\d+|\[[0-9a-f:]+\]:\d+)/i.exec(failure.detail)?.[1] ?? new URL(url).host;
      return `Get ${goQuote(url)}: dial tcp ${addr}: connect: connection refused`;
    }
    const connect = /^Unable to connect to the server: (.*)$/.exec(said);
    return `Get ${goQuote(url)}: ${connect?.[1] ?? failure.detail}`;
  }
  const loggedIn = /^error: You must be logged in to the server \((.*)\)$/.exec(said);
  if (loggedIn?.[1] !== undefined) return loggedIn[1];
  const fromServer = /^Error from server(?: \([A-Za-z]+\))?: (.*)$/.exec(said);
  return fromServer?.[1] ?? said.replace(/^error: /, '');
}

/** One "couldn't get current server API group list" line, in the form the build writes it. */
export function memcacheLine(build: KubectlBuild, at: Date, pid: number, goError: string): string {
  const message = `couldn't get current server API group list: ${goError}`;
  const body = unhandledErrorStyle(build) === 'structured' ? `"Unhandled Error" err=${goQuote(message)}` : message;
  return klogHeader('E', at, pid, 'memcache.go:265') + body;
}

/** client-go's rest/request.go line that logs a body it could not read, by kubectl minor (seen in each build). */
const READ_BODY_LINE: Record<number, number> = { 27: 1092, 28: 1116, 29: 1116, 30: 1116, 31: 1255, 32: 1332, 33: 1360 };

/**
 * What kubectl logs when a response body breaks off (a truncated body, a connection closed or timed out
 * mid-stream), before its error: structured from 1.33.
 */
export function readBodyLine(build: KubectlBuild, at: Date, pid: number, goError: string): string {
  const minor = minorOf(build);
  const line = READ_BODY_LINE[minor] ?? (minor > 33 ? 1360 : 1092);
  const body = minor >= 33 ? `"Unexpected error when reading response body" err=${goQuote(goError)}` : `Unexpected error when reading response body: ${goError}`;
  return klogHeader('E', at, pid, `request.go:${line}`) + body;
}

/** The Go error inside kubectl's "… Original error: X" line. */
export function originalError(kubectlMessage: string | undefined): string | null {
  return /Original error: (.*)$/.exec(kubectlMessage ?? '')?.[1] ?? null;
}
