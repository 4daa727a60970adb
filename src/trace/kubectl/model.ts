// The kubectl that kube-trace models: its version, its User-Agent format and the exact header values
// it sends. kube-trace does not run kubectl; these are constants read from kubectl v1.32.5's source
// and from real captures (test/fixtures/real-apiserver/kubectl).

export const MODELED_KUBECTL_VERSION = 'v1.32.5';
/** The git commit kubectl v1.32.5 reports (seen in its User-Agent in the captures). */
export const MODELED_KUBECTL_COMMIT = '9894294';

const GO_OS: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin', win32: 'windows', freebsd: 'freebsd' };
const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

/** kubectl's User-Agent: "<binary name>/<version> (<os>/<arch>) kubernetes/<commit>"; binary name "kubectl". */
export function kubectlUserAgent(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  return `kubectl/${MODELED_KUBECTL_VERSION} (${GO_OS[platform] ?? platform}/${GO_ARCH[arch] ?? arch}) kubernetes/${MODELED_KUBECTL_COMMIT}`;
}

export const USER_AGENT_NOTE = `kubectl's User-Agent format, for the kubectl version kube-trace models (${MODELED_KUBECTL_VERSION}); a real kubectl uses its own version and binary name`;

/** Discovery Accept (client-go discovery, aggregated v2 then v2beta1 then plain JSON). */
export const DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

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
