// Step "glassBox": in the sandbox only, the record of what happened inside the API server for
// kubectl's request, looked up by its Audit-Id and read as the sandbox admin (only the admin may).
import { KubeConfig } from '@kubernetes/client-node';
import { GLASSBOX_PATH_PREFIX } from '../../glassbox/types.js';
import type { GlassBoxRecord } from '../../glassbox/types.js';
import { credentialsFor } from '../../kube/credentials.js';
import { headerValue } from '../../kube/headers.js';
import { ObservedClient } from '../../kube/observed-http.js';
import type { HttpExchange } from '../../kube/types.js';
import type { TraceEnvironment } from '../command.js';
import { parseJson } from '../kubectl/requests.js';
import type { TraceSession } from './session.js';
import type { GlassBoxOutput, ListOutput } from './types.js';

export const SANDBOX_CLUSTER_NAME = 'kube-trace-sandbox';
export const SANDBOX_ADMIN_CONTEXT = 'sandbox-admin';

async function read(env: TraceEnvironment, session: TraceSession, auditId: string, exchanges: HttpExchange[]): Promise<{ record: GlassBoxRecord | null; note: string }> {
  const kc = session.kube().kc;
  const adminCtx = kc.getContextObject(SANDBOX_ADMIN_CONTEXT);
  const cluster = adminCtx ? kc.getCluster(adminCtx.cluster) : null;
  if (!adminCtx || !cluster) return { record: null, note: `the kubeconfig has no "${SANDBOX_ADMIN_CONTEXT}" context to read the sandbox's glass box with` };
  const adminKc = new KubeConfig();
  adminKc.loadFromOptions({ clusters: kc.getClusters(), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: SANDBOX_ADMIN_CONTEXT });
  const client = session.track(new ObservedClient(cluster.server, await credentialsFor(adminKc)));
  const r = await client.send({
    method: 'GET',
    pathAndQuery: GLASSBOX_PATH_PREFIX + encodeURIComponent(auditId),
    headers: [
      { name: 'User-Agent', value: `kube-trace/${env.toolVersion}` },
      { name: 'Accept', value: 'application/json' },
    ],
    timeoutMs: 10_000,
  });
  exchanges.push(session.record(r, { by: 'kube-trace', purpose: 'glass-box', method: 'GET' }));
  const json = parseJson(r.body);
  if (r.status !== 200 || !json || typeof json !== 'object') return { record: null, note: `the sandbox did not return a glass-box record for Audit-Id ${auditId} (${r.failure ? r.failure.kind : `status ${r.status}`})` };
  return { record: json as GlassBoxRecord, note: `recorded by the sandbox API server for Audit-Id ${auditId}` };
}

/** The sandbox's record for one Audit-Id (a write's): null when the target is not the sandbox. */
export async function glassBoxFor(env: TraceEnvironment, session: TraceSession, auditId: string | null): Promise<GlassBoxOutput | null> {
  if (session.kube().clusterName !== SANDBOX_CLUSTER_NAME) return null;
  if (!auditId) return { record: null, note: 'the response carried no Audit-Id, so the sandbox glass box cannot be looked up', exchanges: [] };
  const exchanges: HttpExchange[] = [];
  try {
    return { ...(await read(env, session, auditId, exchanges)), exchanges };
  } catch {
    return { record: null, note: 'the sandbox glass box could not be read (the sandbox-admin credentials could not be prepared)', exchanges };
  }
}

/** null when the target is not the sandbox, or kubectl's request never reached it. */
export async function glassBox(env: TraceEnvironment, session: TraceSession, listed: ListOutput, reachedServer: boolean): Promise<GlassBoxOutput | null> {
  if (session.kube().clusterName !== SANDBOX_CLUSTER_NAME || !reachedServer) return null;
  const first = listed.pages[0];
  const auditId = first ? headerValue(first.exchange.responseHeaders, 'audit-id') : null;
  if (!auditId) return { record: null, note: 'the response carried no Audit-Id, so the sandbox glass box cannot be looked up', exchanges: [] };
  const exchanges: HttpExchange[] = [];
  try {
    return { ...(await read(env, session, auditId, exchanges)), exchanges };
  } catch {
    return { record: null, note: 'the sandbox glass box could not be read (the sandbox-admin credentials could not be prepared)', exchanges };
  }
}
