// Step "config": read the kubeconfig files kubectl would read, with kubectl's merge rules, and pick the
// context, cluster, user and namespace. Local files only; every credential is summarised, masked.
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeconfigLoadError, invalidKubeconfig as invalid, kubeconfigLoadStageError, loadKubeconfig } from '../../kube/kubeconfig-loader.js';
import type { MergedKubeconfig } from '../../kube/kubeconfig-loader.js';
import { summarizeAuth, summarizeCertificate } from '../../kube/credential-summary.js';
import type { GetCommand, TraceEnvironment } from '../command.js';
import type { AuthSummary, KubeconfigData, ServerTrust, StageError } from '../types.js';
import type { LoadedKube } from './session.js';
import type { ConfigOutput, Outcome } from './types.js';

/** A refusal inside the step, returned as its outcome. */
class Refused extends Error {
  constructor(readonly error: StageError) {
    super(error.message);
  }
}

function trustOf(cluster: { caFile?: string; caData?: string; skipTLSVerify: boolean; tlsServerName?: string }): ServerTrust {
  let trust: ServerTrust;
  if (cluster.skipTLSVerify) trust = { kind: 'insecure-skip-verify' };
  else if (cluster.caFile) trust = { kind: 'ca-file', caFile: cluster.caFile, ca: summarizeCertificate(readFileSync(cluster.caFile), 'file', cluster.caFile) };
  else if (cluster.caData) trust = { kind: 'ca-data', ca: summarizeCertificate(Buffer.from(cluster.caData, 'base64'), 'data') };
  else trust = { kind: 'system-roots' };
  if (cluster.tlsServerName) trust.tlsServerName = cluster.tlsServerName;
  return trust;
}

export function loadConfig(cmd: GetCommand, env: TraceEnvironment): { output: Outcome<ConfigOutput>; kube: LoadedKube | null } {
  try {
    const { data, kube } = load(cmd, env);
    return { output: { ok: true, data, server: kube.server, clusterName: kube.clusterName }, kube };
  } catch (e) {
    if (e instanceof Refused) return { output: { ok: false, error: e.error }, kube: null };
    throw e;
  }
}

function load(cmd: GetCommand, env: TraceEnvironment): { data: KubeconfigData; kube: LoadedKube } {
  let merged: MergedKubeconfig;
  try {
    merged = loadKubeconfig({
      explicitPath: cmd.kubeconfig,
      envValue: env.env.KUBECONFIG,
      homeDir: env.homeDir,
      sandboxPath: env.sandbox?.kubeconfigPath ?? null,
    });
  } catch (e) {
    if (e instanceof KubeconfigLoadError) throw new Refused(kubeconfigLoadStageError(e));
    throw e;
  }
  const kc = merged.kubeConfig;
  const contextName = cmd.context ?? merged.raw.currentContext;
  if (contextName === '') {
    throw new Refused(invalid('The kubeconfig sets no current-context and no --context was given.', 'Run `kubectl config use-context NAME` or pass --context.', 'error: current-context is not set'));
  }
  const context = kc.getContextObject(contextName);
  if (!context) {
    throw new Refused(
      cmd.context
        ? invalid(`The context "${contextName}" given with --context is not in the kubeconfig.`, 'List the contexts with `kubectl config get-contexts`.', `Error in configuration: context was not found for specified context: ${contextName}`)
        : invalid(`The current-context "${contextName}" is not defined in the kubeconfig.`, 'Run `kubectl config use-context NAME` with an existing context.', `Error in configuration: context was not found for specified context: ${contextName}`),
    );
  }
  // client-node keeps whatever the YAML held; kubectl's decoder refuses anything but a string here.
  for (const field of ['cluster', 'user', 'namespace'] as const) {
    const v: unknown = context[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw new Refused(
        invalid(
          `The context "${contextName}" has a ${field} that is not a name (${Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : typeof v}).`,
          `Give the context's ${field} as a plain name, e.g. \`${field}: my-${field}\`.`,
          `error: error loading config file: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v} into Go struct field Context.contexts.context.${field} of type string`,
        ),
      );
    }
  }
  kc.setCurrentContext(contextName);
  const cluster = kc.getCluster(context.cluster);
  if (!cluster) {
    // kubectl does not stop here: with no cluster it falls back to http://localhost:8080.
    throw new Refused(
      invalid(
        `The context "${contextName}" refers to cluster "${context.cluster}", which is not defined (or has no server).`,
        'Add the cluster entry with a server URL, or fix the context; kubectl would silently try localhost:8080 instead.',
        'The connection to the server localhost:8080 was refused - did you specify the right host or port?',
      ),
    );
  }
  // client-node types a context's user as always set; a kubeconfig may leave it out.
  const userName = context.user as string | undefined;
  const user = userName ? kc.getUser(userName) : null;
  if (userName && !user) {
    throw new Refused(invalid(`The context "${contextName}" refers to user "${userName}", which is not defined.`, 'Add the user entry, or fix the context.'));
  }
  let trust: ServerTrust;
  let auth: AuthSummary;
  try {
    trust = trustOf(cluster);
    const rawUser = merged.raw.users.find((u) => u.name === context.user);
    const rawUserMap = rawUser && typeof rawUser.user === 'object' && rawUser.user !== null ? (rawUser.user as Record<string, unknown>) : null;
    auth = user ? summarizeAuth(user, rawUserMap) : { kind: 'none', details: [{ name: 'credentials', value: 'none' }] };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const detail = err.code === 'ENOENT' ? `file ${err.path ?? ''} does not exist` : 'a certificate could not be read as PEM';
    throw new Refused(invalid(`A certificate referenced by the kubeconfig could not be read: ${detail}.`, 'Check certificate-authority / client-certificate paths and the base64 *-data fields.', err.code === 'ENOENT' ? `error: open ${err.path ?? ''}: no such file or directory` : undefined));
  }
  const namespace: KubeconfigData['namespace'] = cmd.allNamespaces
    ? { value: '', source: 'all-namespaces' }
    : cmd.namespace
      ? { value: cmd.namespace, source: 'flag' }
      : context.namespace
        ? { value: context.namespace, source: 'context' }
        : { value: 'default', source: 'default' };

  // The KubeConfig client-node will authenticate with: only the selected context.
  const selected = new KubeConfig();
  selected.loadFromOptions({ clusters: kc.getClusters(), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: contextName });

  const clusterData: KubeconfigData['cluster'] = { name: cluster.name, server: cluster.server, trust };
  if (cluster.proxyUrl) clusterData.proxyUrl = withoutCredentials(cluster.proxyUrl);
  const data: KubeconfigData = {
    files: merged.files,
    sandbox: env.sandbox ? { reason: env.sandbox.reason, server: env.sandbox.server, scenario: env.sandbox.scenario } : null,
    currentContext: contextName,
    contextSource: cmd.context ? 'flag' : 'current-context',
    cluster: clusterData,
    user: { name: userName ?? '', auth },
    namespace,
  };
  return { data, kube: { kc: selected, server: cluster.server, clusterName: cluster.name } };
}

/** A proxy URL as it may be shown: user and password replaced, like kubectl's REDACTED. */
export function withoutCredentials(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.username === '' && u.password === '') return raw;
    u.username = 'REDACTED';
    u.password = '';
    return u.toString().replace(/\/$/, raw.endsWith('/') ? '/' : '');
  } catch {
    // Not a URL we can parse: show nothing of it rather than risk a password.
    return '<unparseable proxy-url, not shown>';
  }
}
