// Builds GetCommands, environments and kubeconfig files for engine tests, and runs the engine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runTrace } from '../../../src/trace/engine.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver.js';
import { issue } from './pki.js';
import type { GetCommand, TraceEnvironment } from '../../../src/trace/command.js';
import type { AnyStageResult, StageDataMap, StageName, TraceReport } from '../../../src/trace/types.js';

export function getCommand(over: Partial<GetCommand> = {}): GetCommand {
  return {
    argv: ['get', 'pods'],
    verb: 'get',
    resource: 'pods',
    resourceName: null,
    namespace: null,
    allNamespaces: false,
    labelSelector: null,
    fieldSelector: null,
    output: 'table',
    chunkSize: 500,
    kubeconfig: null,
    context: null,
    requestTimeoutMs: 5000,
    sandbox: false,
    scenario: null,
    mode: 'json',
    startStage: null,
    noPause: true,
    lessonsDir: null,
    flags: [],
    parseMs: 0.1,
    ...over,
  };
}

export function tempDir(prefix = 'kube-trace-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * The environment of one run. kube-trace reads and writes kubectl's discovery cache as kubectl does,
 * so each run gets a cache of its own (cold) unless `env` names one with KUBECACHEDIR.
 */
export function environment(home: string, env: Record<string, string | undefined> = {}): TraceEnvironment {
  const withCache = 'KUBECACHEDIR' in env ? env : { ...env, KUBECACHEDIR: mkdtempSync(join(tmpdir(), 'kube-trace-cache-')) };
  return { env: withCache, homeDir: home, sandbox: null, toolVersion: '0.0.0-test' };
}

export interface UserSpec {
  name: string;
  user: Record<string, unknown>;
}

/** Writes a kubeconfig with one cluster, the given users, and one context per user (named after the user). */
export function writeKubeconfig(dir: string, file: string, o: { server: string; caPem?: string; clusterName?: string; users: UserSpec[]; current?: string; namespace?: string; cluster?: Record<string, unknown> }): string {
  const clusterName = o.clusterName ?? 'test-cluster';
  const cluster: Record<string, unknown> = { server: o.server, ...(o.cluster ?? {}) };
  if (o.caPem) cluster['certificate-authority-data'] = Buffer.from(o.caPem).toString('base64');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster }],
    users: o.users,
    contexts: o.users.map((u) => ({ name: u.name, context: { cluster: clusterName, user: u.name, ...(o.namespace ? { namespace: o.namespace } : {}) } })),
    'current-context': o.current ?? o.users[0]?.name ?? '',
  };
  const path = join(dir, file);
  writeFileSync(path, stringify(doc));
  return path;
}

export function certUser(name: string, certPem: string, keyPem: string): UserSpec {
  return { name, user: { 'client-certificate-data': Buffer.from(certPem).toString('base64'), 'client-key-data': Buffer.from(keyPem).toString('base64') } };
}

export function tokenUser(name: string, token: string): UserSpec {
  return { name, user: { token } };
}

export async function runAll(cmd: GetCommand, env: TraceEnvironment): Promise<{ results: AnyStageResult[]; report: TraceReport }> {
  const gen = runTrace(cmd, env);
  const results: AnyStageResult[] = [];
  for (;;) {
    const step = await gen.next();
    if (step.done) return { results, report: step.value };
    results.push(step.value);
  }
}

export function stage<N extends StageName>(report: TraceReport, name: N): { status: string; data: StageDataMap[N] | null; error?: { kind: string; message: string; hint: string; kubectlMessage?: string }; reason?: string } {
  const s = report.stages.find((x) => x.name === name);
  if (!s) throw new Error(`no stage ${name}`);
  return s as unknown as { status: string; data: StageDataMap[N] | null };
}

/** A fake API server and a kubeconfig (in a fresh HOME) that logs in to it as admin (system:masters). */
export async function fakeApiAsAdmin(o: { namespace?: string } = {}): Promise<{ api: FakeApiServer; home: string; kubeconfig: string }> {
  const api = await startFakeApiServer();
  const admin = await issue(api.ca, { cn: 'admin', orgs: ['system:masters'] });
  const home = tempDir();
  const kubeconfig = writeKubeconfig(home, 'config', {
    server: api.url,
    caPem: api.ca.certPem,
    users: [certUser('admin', admin.certPem, admin.keyPem)],
    ...(o.namespace ? { namespace: o.namespace } : {}),
  });
  return { api, home, kubeconfig };
}
