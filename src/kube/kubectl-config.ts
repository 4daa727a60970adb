// The selected context's cluster and user, read field by field as kubectl reads them (clientcmd's v1
// keys: tokenFile, as-groups, disable-compression… — not client-node's), and kubectl's validation of
// them (clientcmd DirectClientConfig.ConfirmUsable: validateAuthInfo, then validateClusterInfo) with
// its wording. A context whose cluster is missing gets kubectl's default server, http://localhost:8080.
import { openSync, closeSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { MergedKubeconfig } from './kubeconfig-loader.js';
import { displayUrl } from './display-url.js';
import { proxyUrlProblem } from './proxy.js';
import type { StageError } from './types.js';

export type InteractiveMode = 'Never' | 'IfAvailable' | 'Always';

export interface KubectlExecConfig {
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  apiVersion: string;
  installHint: string;
  provideClusterInfo: boolean;
  /** As written; kubectl requires it for v1 and defaults it to IfAvailable for v1beta1. */
  interactiveMode: string;
}

export interface KubectlCluster {
  name: string;
  server: string;
  certificateAuthority: string;
  certificateAuthorityData: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName: string;
  proxyUrl: string;
  disableCompression: boolean;
  /** The `client.authentication.k8s.io/exec` extension, handed to exec plugins with provideClusterInfo. */
  execExtension: unknown;
  /** No such cluster entry: kubectl's defaults (server http://localhost:8080). */
  defaulted: boolean;
}

export interface KubectlAuthInfo {
  name: string;
  clientCertificate: string;
  clientCertificateData: string;
  clientKey: string;
  clientKeyData: string;
  token: string;
  tokenFile: string;
  impersonate: string;
  impersonateUid: string;
  impersonateGroups: string[];
  impersonateUserExtra: Record<string, string[]>;
  username: string;
  password: string;
  authProvider: { name: string; config: Record<string, string> } | null;
  exec: KubectlExecConfig | null;
  /** Keys kubectl ignores that a reader may expect to work (client-node's `token-file`). */
  ignoredKeys: string[];
}

export interface KubectlSelection {
  contextName: string;
  /** The context entry exists. */
  contextFound: boolean;
  namespace: string;
  cluster: KubectlCluster;
  user: KubectlAuthInfo;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const map = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function execConfig(v: unknown): KubectlExecConfig | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const e = map(v);
  return {
    command: str(e['command']),
    args: strList(e['args']),
    env: (Array.isArray(e['env']) ? e['env'] : []).map((x) => ({ name: str(map(x)['name']), value: str(map(x)['value']) })),
    apiVersion: str(e['apiVersion']),
    installHint: str(e['installHint']),
    provideClusterInfo: e['provideClusterInfo'] === true,
    interactiveMode: str(e['interactiveMode']),
  };
}

/** A user entry's fields as kubectl's AuthInfo has them. */
export function authInfoFrom(name: string, raw: unknown): KubectlAuthInfo {
  const u = map(raw);
  const extra: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(map(u['as-user-extra']))) extra[k] = strList(v);
  const ap = u['auth-provider'];
  return {
    name,
    clientCertificate: str(u['client-certificate']),
    clientCertificateData: str(u['client-certificate-data']),
    clientKey: str(u['client-key']),
    clientKeyData: str(u['client-key-data']),
    token: str(u['token']),
    tokenFile: str(u['tokenFile']),
    impersonate: str(u['as']),
    impersonateUid: str(u['as-uid']),
    impersonateGroups: strList(u['as-groups']),
    impersonateUserExtra: extra,
    username: str(u['username']),
    password: str(u['password']),
    authProvider: ap && typeof ap === 'object' && !Array.isArray(ap) ? { name: str(map(ap)['name']), config: Object.fromEntries(Object.entries(map(map(ap)['config'])).map(([k, v]) => [k, str(v)])) } : null,
    exec: execConfig(u['exec']),
    ignoredKeys: 'token-file' in u ? ['token-file'] : [],
  };
}

/** A cluster entry's fields as kubectl's Cluster has them. */
export function clusterFrom(name: string, raw: unknown, defaulted = false): KubectlCluster {
  const c = map(raw);
  const ext = Array.isArray(c['extensions']) ? (c['extensions'] as unknown[]).map(map).find((e) => e['name'] === 'client.authentication.k8s.io/exec') : undefined;
  return {
    name,
    server: defaulted ? 'http://localhost:8080' : str(c['server']),
    certificateAuthority: str(c['certificate-authority']),
    certificateAuthorityData: str(c['certificate-authority-data']),
    insecureSkipTlsVerify: c['insecure-skip-tls-verify'] === true,
    tlsServerName: str(c['tls-server-name']),
    proxyUrl: str(c['proxy-url']),
    disableCompression: c['disable-compression'] === true,
    execExtension: ext ? ext['extension'] : undefined,
    defaulted,
  };
}

/** The context kubectl would use (`--context`, else current-context), its cluster and user as kubectl reads them. */
export function selectContext(merged: MergedKubeconfig, contextName: string): KubectlSelection {
  const ctxEntry = merged.raw.contexts.find((c) => c.name === contextName);
  const ctx = map(ctxEntry?.['context']);
  const clusterName = str(ctx['cluster']);
  const userName = str(ctx['user']);
  const clusterEntry = merged.raw.clusters.find((c) => c.name === clusterName);
  const userEntry = merged.raw.users.find((u) => u.name === userName);
  return {
    contextName,
    contextFound: ctxEntry !== undefined,
    namespace: str(ctx['namespace']),
    cluster: clusterFrom(clusterName, clusterEntry?.['cluster'], clusterEntry === undefined),
    user: authInfoFrom(userName, userEntry?.['user']),
  };
}

// The raw kubeconfig entries behind the User and Cluster objects of a KubeConfig that loadKubeconfig
// built: client-node drops fields kubectl reads (tokenFile, as-groups…), and a KubeConfig made from
// another with loadFromOptions hands out the same objects, so they find their entries here.
const rawEntries = new WeakMap<object, unknown>();

/** Remembers the raw entry behind a client-node User or Cluster object (loadKubeconfig does this). */
export function rememberRawEntry(obj: object, raw: unknown): void {
  rawEntries.set(obj, raw);
}

/**
 * The selected context of a client-node KubeConfig (public API only). For a KubeConfig from
 * loadKubeconfig (or one built from its objects) every kubectl field is there; otherwise the fields
 * client-node keeps (no tokenFile, as-groups, as-uid, as-user-extra, disable-compression).
 */
export function selectionFromKubeConfig(kc: KubeConfig): KubectlSelection {
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const exported = JSON.parse(kc.exportConfig()) as { clusters?: { name: string; cluster: unknown }[]; users?: { name: string; user: unknown }[] };
  const rawCluster = (cluster && rawEntries.get(cluster)) ?? exported.clusters?.find((c) => c.name === cluster?.name)?.cluster;
  const rawUser = (user && rawEntries.get(user)) ?? exported.users?.find((u) => u.name === user?.name)?.user;
  return {
    contextName: kc.getCurrentContext(),
    contextFound: kc.getContextObject(kc.getCurrentContext()) !== null,
    namespace: kc.getContextObject(kc.getCurrentContext())?.namespace ?? '',
    cluster: clusterFrom(cluster?.name ?? '', rawCluster, cluster === null),
    user: authInfoFrom(user?.name ?? '', rawUser),
  };
}

function unreadable(path: string): string | null {
  try {
    closeSync(openSync(path, 'r'));
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return `open ${path}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`;
  }
}

export interface UsabilityProblem {
  message: string;
  /** errContextNotFound: kubectl words it "Error in configuration: …" even alone. */
  contextNotFound?: boolean;
}

/** kubectl's ConfirmUsable for the selection: every problem, in kubectl's order (empty: usable). */
export function confirmUsable(sel: KubectlSelection): UsabilityProblem[] {
  const out: UsabilityProblem[] = [];
  if (sel.contextName !== '' && !sel.contextFound) out.push({ message: `context was not found for specified context: ${sel.contextName}`, contextNotFound: true });
  const a = sel.user;
  const n = a.name;
  const methods: string[] = [];
  if (a.token !== '') methods.push('token');
  if (a.username !== '' || a.password !== '') methods.push('basicAuth');
  if (a.clientCertificate !== '' || a.clientCertificateData !== '') {
    if (a.clientCertificate !== '' && a.clientCertificateData !== '') out.push({ message: `client-cert-data and client-cert are both specified for ${n}. client-cert-data will override.` });
    if (a.clientKey !== '' && a.clientKeyData !== '') out.push({ message: `client-key-data and client-key are both specified for ${n}; client-key-data will override` });
    if (a.clientKey === '' && a.clientKeyData === '') out.push({ message: `client-key-data or client-key must be specified for ${n} to use the clientCert authentication method.` });
    if (a.clientCertificate !== '') {
      const e = unreadable(a.clientCertificate);
      if (e) out.push({ message: `unable to read client-cert ${a.clientCertificate} for ${n} due to ${e}` });
    }
    if (a.clientKey !== '') {
      const e = unreadable(a.clientKey);
      if (e) out.push({ message: `unable to read client-key ${a.clientKey} for ${n} due to ${e}` });
    }
  }
  if (a.exec) {
    if (a.authProvider) out.push({ message: `authProvider cannot be provided in combination with an exec plugin for ${n}` });
    if (a.exec.command === '') out.push({ message: `command must be specified for ${n} to use exec authentication plugin` });
    if (a.exec.apiVersion === '') out.push({ message: `apiVersion must be specified for ${n} to use exec authentication plugin` });
    for (const v of a.exec.env) if (v.name === '') out.push({ message: `env variable name must be specified for ${n} to use exec authentication plugin` });
    // kubectl's v1beta1 decoding defaults interactiveMode to IfAvailable; v1 requires it.
    const mode = a.exec.interactiveMode !== '' ? a.exec.interactiveMode : a.exec.apiVersion === 'client.authentication.k8s.io/v1beta1' ? 'IfAvailable' : '';
    if (mode === '') out.push({ message: `interactiveMode must be specified for ${n} to use exec authentication plugin` });
    else if (!['Never', 'IfAvailable', 'Always'].includes(mode)) out.push({ message: `invalid interactiveMode for ${n}: ${JSON.stringify(mode)}` });
  }
  if (methods.length > 1) out.push({ message: `more than one authentication method found for ${n}; found [${methods.join(' ')}], only one is allowed` });
  if ((a.impersonateUid !== '' || a.impersonateGroups.length > 0 || Object.keys(a.impersonateUserExtra).length > 0) && a.impersonate === '') out.push({ message: `requesting uid, groups or user-extra for ${n} without impersonating a user` });
  const c = sel.cluster;
  if (c.server === '') out.push({ message: c.name === '' ? 'default cluster has no server defined' : `no server found for cluster ${JSON.stringify(c.name)}` });
  if (c.proxyUrl !== '') {
    const p = proxyUrlProblem(c.proxyUrl);
    // kubectl quotes the proxy URL as written; kube-trace masks a password in it (proxyUrlProblem does too).
    if (p) out.push({ message: `invalid 'proxy-url' ${JSON.stringify(displayUrl(c.proxyUrl))} for cluster ${JSON.stringify(c.name)}: ${p}` });
  }
  if (c.certificateAuthority !== '' && c.certificateAuthorityData !== '') out.push({ message: `certificate-authority-data and certificate-authority are both specified for ${c.name}. certificate-authority-data will override.` });
  if (c.certificateAuthority !== '') {
    const e = unreadable(c.certificateAuthority);
    if (e) out.push({ message: `unable to read certificate-authority ${c.certificateAuthority} for ${c.name} due to ${e}` });
  }
  return out;
}

/** kubectl's output for ConfirmUsable's problems: one as "error: …" (a missing context as "Error in configuration: …"), several as a list. */
export function configurationStageError(problems: UsabilityProblem[]): StageError {
  const only = problems.length === 1 ? problems[0] : undefined;
  const kubectlMessage =
    only !== undefined ? (only.contextNotFound ? `Error in configuration: ${only.message}` : `error: ${only.message}`) : `Error in configuration: \n${problems.map((p) => `* ${p.message}`).join('\n')}`;
  return {
    kind: 'kubeconfig-invalid',
    message: only !== undefined ? `The kubeconfig cannot be used as it is, so kubectl sends nothing: ${only.message.replace(/\.$/, '')}.` : `The kubeconfig cannot be used as it is, so kubectl sends nothing (${problems.length} problems): ${problems.map((p) => p.message.replace(/\.$/, '')).join('; ')}.`,
    hint: 'Fix the user and cluster entries of the context (`kubectl config view --minify` shows them, secrets redacted).',
    kubectlMessage,
  };
}
