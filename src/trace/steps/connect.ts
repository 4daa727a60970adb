// Step "connect": prepare the credentials as kubectl would at its first request (read the files, run an
// exec plugin) and open kubectl's connection. What it holds stays in the session; nothing is sent yet.
import { CredentialError, EXEC_PLUGIN_TIMEOUT_MS, credentialStageError, credentialsFor } from '../../kube/credentials.js';
import type { GetCommand } from '../command.js';
import type { TraceSession } from './session.js';
import type { StepOutputs } from './types.js';

export async function connect(cmd: GetCommand, session: TraceSession): Promise<StepOutputs['connect']> {
  const kube = session.kube();
  const t0 = performance.now();
  try {
    // An exec plugin gets the request timeout when one is set (it is part of sending the request).
    const execTimeout = cmd.requestTimeoutMs > 0 ? cmd.requestTimeoutMs : EXEC_PLUGIN_TIMEOUT_MS;
    session.connect(await credentialsFor(kube.kc, execTimeout));
    return { ok: true, preparedMs: performance.now() - t0 };
  } catch (e) {
    if (e instanceof CredentialError) return { ok: false, error: credentialStageError(e.problem) };
    throw e;
  }
}
