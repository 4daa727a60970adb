// Step "connect": prepare the credentials as kubectl does at its first request (read the files, run an
// exec plugin) and open kubectl's connection. Nothing is sent yet. A credential that cannot be had
// fails kubectl's first request: with a cold discovery cache that is discovery, which kubectl tries
// five times — running the plugin each time — and logs each failure.
import { CredentialError, EXEC_PLUGIN_TIMEOUT_MS, credentialStageError, credentialsFor } from '../../kube/credentials.js';
import { displayUrl } from '../../kube/display-url.js';
import type { TraceCommand, TraceEnvironment } from '../command.js';
import { DEFAULT_INSTALL, effectiveKubectl } from '../kubectl/identity.js';
import { discoveryGoError, memcacheLine } from '../kubectl/klog.js';
import { DISCOVERY_DEFAULT_TIMEOUT_MS, goDuration } from '../kubectl/model.js';
import { cacheState, DISCOVERY_ATTEMPTS } from './discover.js';
import type { TraceSession } from './session.js';
import type { StepOutputs } from './types.js';

export async function connect(cmd: TraceCommand, env: TraceEnvironment, session: TraceSession): Promise<StepOutputs['connect']> {
  const kube = session.kube();
  const t0 = performance.now();
  // An exec plugin gets the request timeout when one is set (it is part of sending the request).
  const execTimeout = cmd.requestTimeoutMs > 0 ? cmd.requestTimeoutMs : EXEC_PLUGIN_TIMEOUT_MS;
  const attempt = async (): Promise<CredentialError | null> => {
    try {
      session.connect(await credentialsFor(kube.selection, execTimeout, { env: env.env }), env.env);
      return null;
    } catch (e) {
      if (e instanceof CredentialError) return e;
      throw e;
    }
  };
  const first = await attempt();
  if (first === null) return { ok: true, preparedMs: performance.now() - t0 };
  const error = credentialStageError(first.problem);
  if (first.kubectlStage === 'kubeconfig' || cacheState(env, kube.server).wouldUseCache) return { ok: false, error };
  // The server's version is not known yet (nothing reached it): the dispatcher would use its own build.
  const build = effectiveKubectl(env.kubectl ?? DEFAULT_INSTALL, null).build;
  const timeout = cmd.requestTimeoutMs > 0 ? cmd.requestTimeoutMs : DISCOVERY_DEFAULT_TIMEOUT_MS;
  const url = `${displayUrl(kube.server).replace(/\/$/, '')}/api?timeout=${goDuration(timeout)}`;
  const log: string[] = [];
  let last = first;
  for (let i = 1; ; i++) {
    log.push(memcacheLine(build, new Date(), process.pid, discoveryGoError(credentialStageError(last.problem), null, url)));
    if (i >= DISCOVERY_ATTEMPTS) break;
    const again = await attempt();
    if (again === null) return { ok: true, preparedMs: performance.now() - t0, log };
    last = again;
  }
  return { ok: false, error: credentialStageError(last.problem), log };
}
