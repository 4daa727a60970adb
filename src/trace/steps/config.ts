// Step "config": read the kubeconfig files kubectl would read, with kubectl's merge rules, and pick the
// context, cluster, user and namespace. Local files only; every credential is summarised, masked.
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeconfigLoadError, invalidKubeconfig as invalid, kubeconfigLoadStageError, loadKubeconfig } from '../../kube/kubeconfig-loader.js';
import type { MergedKubeconfig } from '../../kube/kubeconfig-loader.js';
import { summarizeAuth, summarizeCertificate } from '../../kube/credential-summary.js';
import { CredentialError, credentialStageError, prepareCredentials } from '../../kube/credentials.js';
import { displayUrl } from '../../kube/display-url.js';
import { selectContext } from '../../kube/kubectl-config.js';
import type { TraceCommand, TraceEnvironment } from '../command.js';
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

export function loadConfig(cmd: TraceCommand, env: TraceEnvironment): { output: Outcome<ConfigOutput>; kube: LoadedKube | null } {
  try {
    const { data, kube } = load(cmd, env);
    // The step's output is data (recorded, shown): the server without a password; the session keeps the real one.
    return { output: { ok: true, data, server: displayUrl(kube.server), clusterName: kube.clusterName }, kube };
  } catch (e) {
    if (e instanceof Refused) return { output: { ok: false, error: e.error }, kube: null };
    throw e;
  }
}

function load(cmd: TraceCommand, env: TraceEnvironment): { data: KubeconfigData; kube: LoadedKube } {
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
  // No context at all is not an error to kubectl: it falls back to its default cluster (below).
  const context = contextName === '' ? null : kc.getContextObject(contextName);
  if (contextName !== '' && !context) {
    throw new Refused(
      cmd.context
        ? invalid(`The context "${contextName}" given with --context is not in the kubeconfig.`, 'List the contexts with `kubectl config get-contexts`.', `Error in configuration: context was not found for specified context: ${contextName}`)
        : invalid(`The current-context "${contextName}" is not defined in the kubeconfig.`, 'Run `kubectl config use-context NAME` with an existing context.', `Error in configuration: context was not found for specified context: ${contextName}`),
    );
  }
  // client-node keeps whatever the YAML held; kubectl's decoder refuses anything but a string here.
  for (const field of ['cluster', 'user', 'namespace'] as const) {
    const v: unknown = context?.[field];
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
  if (contextName !== '') kc.setCurrentContext(contextName);
  const selection = selectContext(merged, contextName);
  // kubectl checks the credentials while it loads the config (ConfirmUsable, files, key pairs): a
  // problem there stops it before it sends anything.
  try {
    prepareCredentials(selection);
  } catch (e) {
    if (e instanceof CredentialError && e.kubectlStage === 'kubeconfig') throw new Refused(credentialStageError(e.problem));
    if (!(e instanceof CredentialError)) throw e;
  }
  // Go's url.Parse refuses an ASCII control character anywhere in the server URL; client-go then has
  // no client to build, and kubectl stops before it sends anything.
  if (/[\u0000-\u001f\u007f]/.test(selection.cluster.server)) {
    throw new Refused(invalid('The cluster\'s server URL holds a control character (a NUL, tab or newline, say), which no URL may contain.', 'Fix the server: line of the cluster in the kubeconfig (`kubectl config view` shows it; look for an escape like "\\0" or "\\t").', 'Unable to connect to the server: net/url: invalid control character in URL'));
  }
  const cluster = selection.cluster.defaulted ? null : kc.getCluster(context?.cluster ?? '');
  const fallback: KubeconfigData['fallback'] = selection.cluster.defaulted ? { reason: contextName === '' ? 'no-current-context' : 'no-cluster', server: selection.cluster.server } : null;
  // client-node types a context's user as always set; a kubeconfig may leave it out.
  const userName = context?.user;
  const user = userName ? kc.getUser(userName) : null;
  if (userName && !user) {
    throw new Refused(invalid(`The context "${contextName}" refers to user "${userName}", which is not defined.`, 'Add the user entry, or fix the context.'));
  }
  let trust: ServerTrust;
  let auth: AuthSummary;
  try {
    trust = cluster ? trustOf(cluster) : { kind: 'system-roots' };
    const rawUser = merged.raw.users.find((u) => u.name === userName);
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
      : context?.namespace
        ? { value: context.namespace, source: 'context' }
        : { value: 'default', source: 'default' };

  // The KubeConfig client-node holds: only the selected context.
  const selected = new KubeConfig();
  selected.loadFromOptions({ clusters: kc.getClusters(), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: contextName });

  const server = selection.cluster.server;
  const clusterData: KubeconfigData['cluster'] = { name: cluster?.name ?? '', server: displayUrl(server), trust };
  if (cluster?.proxyUrl) clusterData.proxyUrl = displayUrl(cluster.proxyUrl);
  const data: KubeconfigData = {
    files: merged.files,
    sandbox: env.sandbox ? { reason: env.sandbox.reason, server: env.sandbox.server, scenario: env.sandbox.scenario } : null,
    currentContext: contextName,
    contextSource: cmd.context ? 'flag' : contextName === '' ? 'none' : 'current-context',
    cluster: clusterData,
    fallback,
    user: { name: userName ?? '', auth },
    namespace,
  };
  return { data, kube: { kc: selected, selection, server, clusterName: cluster?.name ?? '' } };
}

