// The constants of kubectl's requests that hold for every kubectl 1.27–1.33 (read off each real build
// and client-go's source): Accept headers, timeouts, the discovery cache, Go's URL and duration
// encodings. What differs by version is in identity.ts.
import { DEFAULT_BUILD, discoveryAcceptOf, goPlatform, userAgentOf } from './identity.js';

/** The default build's User-Agent on a given platform (see identity.ts for every build). */
export function kubectlUserAgent(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  return userAgentOf({ ...DEFAULT_BUILD, platform: goPlatform(platform, arch) });
}

/** Discovery Accept of kubectl 1.30 and later (the default build's). */
export const DISCOVERY_ACCEPT = discoveryAcceptOf(DEFAULT_BUILD);

/** kubectl get asks for server-side Table printing only for human-readable output (default and -o wide). */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
export const JSON_ACCEPT = 'application/json';

/** client-go's discovery client timeout when none is configured. */
export const DISCOVERY_DEFAULT_TIMEOUT_MS = 32_000;
/** kubectl's discovery cache lifetime. */
export const DISCOVERY_CACHE_TTL_MS = 6 * 60 * 60 * 1000;

/** Go's time.Duration.String() for whole milliseconds: 32s, 1.5s, 2m0s, 500ms. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sMs = ms % 60_000;
  const s = (sMs / 1000).toString();
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** Go's url.QueryEscape: unreserved bytes kept, space as '+', the rest %XX. */
export function goQueryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's url.Values.Encode: keys sorted, each value escaped. */
export function goEncodeQuery(params: { name: string; value: string }[]): string {
  return [...params]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => `${goQueryEscape(p.name)}=${goQueryEscape(p.value)}`)
    .join('&');
}

/**
 * kubectl's discovery cache directory for a server (computeDiscoverCacheDir): the server string without
 * its scheme, every character outside [\w/.()] replaced by '_' — so "https://127.0.0.1:6443" → "127.0.0.1_6443".
 */
export function discoveryCacheDirName(server: string): string {
  const schemeless = server.replace('https://', '').replace('http://', '');
  return schemeless.replace(/[^(\w/.)]/g, '_');
}
