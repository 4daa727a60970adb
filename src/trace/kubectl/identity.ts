// Which kubectl the trace is faithful to, and what that kubectl does differently by version: its
// User-Agent, its discovery Accept header, its log lines. The CLI finds the learner's kubectl (see
// src/cli/kubectl-detect.ts); the engine only reads the result.
//
// What changes between kubectl 1.27 and 1.33 was read off each real build on a machine that had them
// all (kubectl.1.27 … kubectl.1.33, requests logged by a local TLS server) and checked against
// client-go's source; each function below says what holds for which versions.

/** One kubectl build as it reports itself (`kubectl version --client -o json`) and is called. */
export interface KubectlBuild {
  /** The file name it runs as: kubectl's User-Agent starts with it ("kubectl.1.32/v1.32.5 …"). */
  binaryName: string;
  gitVersion: string; // v1.32.5
  gitCommit: string; // full hash
  platform: string; // linux/amd64
  path?: string;
}

/**
 * The kubectl on the learner's PATH:
 * - a real build;
 * - Google Cloud SDK's kubectl dispatcher, which asks the server its version (GET /version) and then
 *   runs the matching build beside it (kubectl.1.X), or its own built-in kubectl when none matches;
 * - none found (or not asked): kube-trace models a stated default build.
 */
export type KubectlInstall =
  | { kind: 'binary'; build: KubectlBuild; chosenBy: 'path' | 'flag' }
  | {
      kind: 'dispatcher';
      path: string;
      dispatcherVersion: string;
      own: KubectlBuild;
      /** The builds beside it that are known already. */
      builds: KubectlBuild[];
      /** Asks the build for a minor what it is, when it sits beside the dispatcher (only that one is asked, when needed). */
      loadBuild?: (minor: number) => Promise<KubectlBuild | null>;
    }
  | { kind: 'modelled'; build: KubectlBuild; reason: string };

const GO_OS: Partial<Record<string, string>> = { linux: 'linux', darwin: 'darwin', win32: 'windows', freebsd: 'freebsd' };
const GO_ARCH: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

/** The platform a build reports, for this machine (Go's GOOS/GOARCH names). */
export function goPlatform(platform: string = process.platform, arch: string = process.arch): string {
  return `${GO_OS[platform] ?? platform}/${GO_ARCH[arch] ?? arch}`;
}

const HERE = goPlatform();

/**
 * Builds kube-trace can model without a binary: the releases seen on the machine the defaults were
 * read on (their patch versions and commits), one per minor. The default is the one kubectl 1.32.
 */
export const MODELLED_BUILDS: readonly KubectlBuild[] = [
  { binaryName: 'kubectl', gitVersion: 'v1.27.16', gitCommit: 'cbb86e0d7f4a049666fac0551e8b02ef3d6c3d9a', platform: HERE },
  { binaryName: 'kubectl', gitVersion: 'v1.28.15', gitCommit: '841856557ef0f6a399096c42635d114d6f2cf7f4', platform: HERE },
  { binaryName: 'kubectl', gitVersion: 'v1.29.14', gitCommit: '4f359b2e16764ab5e175195ee6992dfb53b36acf', platform: HERE },
  { binaryName: 'kubectl', gitVersion: 'v1.30.13', gitCommit: '50af91c466658b6a33d123fae8a487db1630971c', platform: HERE },
  { binaryName: 'kubectl', gitVersion: 'v1.31.9', gitCommit: '8f3800390d488f54f74111f22973059e133f9cba', platform: HERE },
  { binaryName: 'kubectl', gitVersion: 'v1.32.5', gitCommit: '9894294ef13a5b32803e3ca2c0d620a088cc84d1', platform: HERE },
  { binaryName: 'kubectl', gitVersion: 'v1.33.1', gitCommit: '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828', platform: HERE },
];

export const DEFAULT_BUILD: KubectlBuild = MODELLED_BUILDS.find((b) => b.gitVersion === 'v1.32.5') ?? (MODELLED_BUILDS[0] as KubectlBuild);

/** The kubectl a trace models when it was told nothing: v1.32.5, said so on screen. */
export const DEFAULT_INSTALL: KubectlInstall = { kind: 'modelled', build: DEFAULT_BUILD, reason: 'no kubectl was looked for' };

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

/** "v1.32.5", "v1.32.4-dispatcher", "1.28" → numbers; null when it is not a version. */
export function parseVersion(v: string): Version | null {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

export function minorOf(b: KubectlBuild): number {
  return parseVersion(b.gitVersion)?.minor ?? 0;
}

/** The modelled build of a minor version ("1.28"), if kube-trace knows one. */
export function modelledBuild(version: string): KubectlBuild | null {
  const want = parseVersion(version);
  if (!want) return null;
  return MODELLED_BUILDS.find((b) => minorOf(b) === want.minor && parseVersion(b.gitVersion)?.major === want.major) ?? null;
}

/** How the kubectl of this run was chosen, in a sentence for the screen. */
export interface EffectiveKubectl {
  build: KubectlBuild;
  how: string;
  /** True when no such binary ran here: its behaviour is modelled from what that release does. */
  modelled: boolean;
}

/**
 * The build that runs `kubectl get` for this run. For the dispatcher it depends on the server:
 * kubectl.1.<server minor> when it sits beside the dispatcher, else the dispatcher's own build (also
 * when the server's version could not be read).
 */
export function effectiveKubectl(install: KubectlInstall, serverVersion: Version | null): EffectiveKubectl {
  switch (install.kind) {
    case 'binary':
      return { build: install.build, how: install.chosenBy === 'flag' ? `kubectl ${install.build.gitVersion}, chosen with --kubectl-version` : `the kubectl on PATH (${install.build.path ?? install.build.binaryName})`, modelled: false };
    case 'modelled':
      return { build: install.build, how: `modelled on kubectl ${install.build.gitVersion}: ${install.reason}`, modelled: true };
    case 'dispatcher': {
      const match = serverVersion === null ? undefined : install.builds.find((b) => minorOf(b) === serverVersion.minor);
      // The dispatcher runs the build with argv[0] "kubectl", so the User-Agent says "kubectl".
      if (match) return { build: { ...match, binaryName: 'kubectl' }, how: `the kubectl dispatcher on PATH ran kubectl.1.${serverVersion?.minor ?? ''} (${match.gitVersion}) for a v1.${serverVersion?.minor ?? ''} server`, modelled: false };
      const why = serverVersion === null ? 'the server did not tell its version' : `no kubectl.1.${serverVersion.minor} beside it`;
      return { build: { ...install.own, binaryName: 'kubectl' }, how: `the kubectl dispatcher on PATH used its own ${install.own.gitVersion} (${why})`, modelled: false };
    }
  }
}

/**
 * client-go's DefaultKubernetesUserAgent: "<file name>/<gitVersion> (<os>/<arch>) kubernetes/<commit,
 * 7 characters>" — the same format in every kubectl 1.27–1.33.
 */
export function userAgentOf(b: KubectlBuild): string {
  return `${b.binaryName}/${b.gitVersion} (${b.platform}) kubernetes/${b.gitCommit.slice(0, 7)}`;
}

const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/**
 * The Accept of kubectl's discovery requests: aggregated discovery v2beta1 (then plain JSON) in
 * kubectl 1.26–1.29; v2 first, then v2beta1, then plain JSON from 1.30.
 */
export function discoveryAcceptOf(b: KubectlBuild): string {
  return minorOf(b) >= 30 ? `${V2},${V2BETA1},application/json` : `${V2BETA1},application/json`;
}

/** Which versions a discovery Accept holds for, in words. */
export function discoveryAcceptNote(b: KubectlBuild): string {
  return minorOf(b) >= 30
    ? 'kubectl 1.30 and later ask for aggregated discovery v2 first, then v2beta1, then the plain lists'
    : 'kubectl 1.26–1.29 ask for aggregated discovery v2beta1, then the plain lists (v2 came in 1.30)';
}

/**
 * How kubectl logs an error it hands to client-go's runtime error handler (e.g. each failed discovery
 * attempt): a plain klog line up to 1.30, a structured `"Unhandled Error" err=…` line from 1.31.
 */
export function unhandledErrorStyle(b: KubectlBuild): 'plain' | 'structured' {
  return minorOf(b) >= 31 ? 'structured' : 'plain';
}

/** How `-v=6`…`-v=9` log each request: structured key=value lines from kubectl 1.33, lines of text before. */
export function requestLogStyle(b: KubectlBuild): 'text' | 'structured' {
  return minorOf(b) >= 33 ? 'structured' : 'text';
}
