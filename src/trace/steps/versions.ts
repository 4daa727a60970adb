// Step "versions": the server's version (GET /version) and, from it, the kubectl that runs. With the
// kubectl dispatcher on PATH this request is the dispatcher's own (it sends it before any kubectl
// runs, and picks the build by the answer); otherwise kube-trace asks, to say what holds for this
// server — kubectl itself does not ask for `get`.
import type { HttpExchange } from '../../kube/types.js';
import type { TraceCommand, TraceEnvironment } from '../command.js';
import { DEFAULT_INSTALL, effectiveKubectl, goPlatform, minorOf, parseVersion, userAgentOf } from '../kubectl/identity.js';
import { goDuration } from '../kubectl/model.js';
import { parseJson } from '../kubectl/requests.js';
import type { ServerVersionInfo } from '../types.js';
import type { TraceSession } from './session.js';
import type { VersionsOutput } from './types.js';

/** The dispatcher asks with a 5 s timeout whatever --request-timeout says (seen on the wire). */
const DISPATCHER_TIMEOUT_MS = 5000;

function versionInfo(body: unknown): ServerVersionInfo | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (typeof b['gitVersion'] !== 'string') return null;
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const info: ServerVersionInfo = { major: text(b['major']), minor: text(b['minor']), gitVersion: b['gitVersion'] };
  for (const k of ['gitCommit', 'buildDate', 'goVersion', 'platform', 'emulationMajor', 'emulationMinor', 'minCompatibilityMajor', 'minCompatibilityMinor'] as const) {
    const v = b[k];
    if (typeof v === 'string') info[k] = v;
  }
  return info;
}

export async function versions(cmd: TraceCommand, env: TraceEnvironment, session: TraceSession): Promise<VersionsOutput> {
  const install = env.kubectl ?? DEFAULT_INSTALL;
  const byDispatcher = install.kind === 'dispatcher';
  const timeoutMs = byDispatcher ? DISPATCHER_TIMEOUT_MS : cmd.requestTimeoutMs > 0 ? cmd.requestTimeoutMs : DISPATCHER_TIMEOUT_MS;
  const headers = byDispatcher
    ? [
        { name: 'User-Agent', value: `kubectl-dispatcher/${install.dispatcherVersion} (${goPlatform()})` },
        { name: 'Accept', value: 'application/json, */*' },
        { name: 'Cache-Control', value: 'max-age=7200' },
      ]
    : [
        { name: 'User-Agent', value: `kube-trace/${env.toolVersion}` },
        { name: 'Accept', value: 'application/json' },
      ];
  // Its own connection: the dispatcher is another process, and kube-trace's question must not warm up kubectl's.
  const r = await session.separateClient().send({ method: 'GET', pathAndQuery: byDispatcher ? `/version?timeout=${goDuration(DISPATCHER_TIMEOUT_MS)}` : '/version', headers, timeoutMs });
  const exchange: HttpExchange = session.record(r, { by: byDispatcher ? 'kubectl' : 'kube-trace', purpose: 'version', method: 'GET' });
  const info = r.status === 200 ? versionInfo(parseJson(r.body)) : null;
  const note = info !== null ? '' : r.failure ? `GET /version failed (${r.failure.kind})` : `GET /version answered ${r.status ?? '?'}`;
  const serverVersion = info ? parseVersion(info.gitVersion) : null;
  let resolved = install;
  if (install.kind === 'dispatcher' && serverVersion !== null && install.loadBuild && !install.builds.some((b) => minorOf(b) === serverVersion.minor)) {
    const b = await install.loadBuild(serverVersion.minor);
    if (b) resolved = { ...install, builds: [...install.builds, b] };
  }
  const chosen = effectiveKubectl(resolved, serverVersion);
  return {
    kubectl: chosen.build,
    exchange,
    data: {
      kubectl: { gitVersion: chosen.build.gitVersion, userAgent: userAgentOf(chosen.build), how: chosen.how, modelled: chosen.modelled },
      server: { info, askedBy: byDispatcher ? 'kubectl-dispatcher' : 'kube-trace', exchangeId: exchange.id, note },
    },
  };
}
