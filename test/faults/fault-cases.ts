// The fault matrix as data: how to provoke each fault on 127.0.0.1, and where kube-trace must stop.
// fault-matrix.test.ts runs every case in --json and --plain and compares with real kubectl.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ErrorKind, StageName } from '../../src/trace/types.js';
import { chmodSync, mkdirSync } from 'node:fs';
import { refusedPort, startFaultyServer, startPlainHttpServer, startSilentServer, type Fault, type FaultTarget } from '../helpers/faulty-servers.js';
import { startHttpProxy } from '../helpers/proxies.js';
import { createCa, issue, type TestCa } from '../trace/helpers/pki.js';

export interface FaultSetup {
  /** Arguments after `get pods`. */
  args: string[];
  env: Record<string, string | undefined>;
  close(): Promise<void>;
}

export interface FaultCase {
  name: string;
  setup(ctx: FaultContext): Promise<FaultSetup>;
  /** The stage that must stop the trace; null when the run must succeed (as kubectl's does). */
  stage: StageName | null;
  /** Stages after `stage` that still happened: the response that arrived, what kubectl printed from it. */
  reached?: StageName[];
  kind: ErrorKind | null;
  /** What kubectl prints as its last stderr line (after normalising ports and paths), when it has a message. */
  kubectl?: RegExp;
  /** Words the message or hint must contain: the lesson of the failure. */
  teaches: RegExp;
  /** Whether real kubectl can be run for comparison (not for faults kubectl cannot have, e.g. hanging for long). */
  compareWithKubectl?: boolean;
  /** kubectl's own wording depends on timing (e.g. which deadline fires first): both lines need only match `kubectl`. */
  kubectlVaries?: boolean;
  /** Why kube-trace's kubectlMessage differs from real kubectl today (the comparison is marked todo). */
  kubectlDiffers?: string;
  /**
   * Lines kubectl passes through from elsewhere that kube-trace withholds on purpose (a plugin's own
   * stderr may hold a secret): kubectl's stderr without them must equal kube-trace's.
   */
  withheld?: { lines: RegExp; why: string };
  /** Why kube-trace stops at another stage today (the stage check is marked todo). */
  stageDiffers?: string;
  /** Why the message is not yet one clean sentence (that check is marked todo). */
  messageDiffers?: string;
  /**
   * kube-trace stopped at a limit of its own that kubectl does not have: what kubectl prints is not
   * known, and report.output says so (this is why) instead of passing kube-trace's words off as kubectl's.
   * (Any case whose error has no kubectl line gets the general "not known" sentence.)
   */
  kubectlUnknown?: RegExp;
}

export interface FaultContext {
  dir: string;
  home: string;
  ca: TestCa;
  baseEnv: Record<string, string | undefined>;
}

let fileCount = 0;

export function writeConfig(ctx: FaultContext, doc: unknown): string {
  const path = join(ctx.dir, `kubeconfig-${++fileCount}.yaml`);
  writeFileSync(path, typeof doc === 'string' ? doc : stringify(doc), { mode: 0o600 });
  return path;
}

/** A kubeconfig with one cluster/user/context; `user` defaults to an admin client certificate. */
export async function configFor(ctx: FaultContext, o: { server: string; caPem?: string; user?: Record<string, unknown>; cluster?: Record<string, unknown>; contextExtra?: Record<string, unknown> }): Promise<string> {
  const admin = await issue(ctx.ca, { cn: 'fault-admin', orgs: ['system:masters'] });
  const user = o.user ?? { 'client-certificate-data': Buffer.from(admin.certPem).toString('base64'), 'client-key-data': Buffer.from(admin.keyPem).toString('base64') };
  return writeConfig(ctx, {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: o.server, 'certificate-authority-data': Buffer.from(o.caPem ?? ctx.ca.certPem).toString('base64'), ...(o.cluster ?? {}) } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u', ...(o.contextExtra ?? {}) } }],
    'current-context': 'ctx',
  });
}

/** A shell credential plugin with this body. */
function shellPlugin(ctx: FaultContext, name: string, body: string): string {
  const path = join(ctx.dir, `plugin-${name}.sh`);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const execUser = (command: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command, interactiveMode: 'Never', ...over } });

/** A credential plugin that fails (exit 3, after a message on stderr) or never finishes. */
function plugin(ctx: FaultContext, how: 'fail' | 'hang'): string {
  const path = join(ctx.dir, `plugin-${how}.mjs`);
  writeFileSync(
    path,
    how === 'fail' ? `process.stderr.write('error: not logged in\\n'); process.exit(3);\n` : `setInterval(() => {}, 1000);\n`,
  );
  return path;
}

function withServer(fault: Fault, target: FaultTarget = 'list', extraArgs: string[] = []): FaultCase['setup'] {
  return async (ctx) => {
    const server = await startFaultyServer({ ca: ctx.ca, fault, target });
    return { args: ['--kubeconfig', await configFor(ctx, { server: server.url }), ...extraArgs], env: ctx.baseEnv, close: () => server.close() };
  };
}

function withConfig(doc: unknown, extraArgs: string[] = []): FaultCase['setup'] {
  return async (ctx) => ({ args: ['--kubeconfig', writeConfig(ctx, doc), ...extraArgs], env: ctx.baseEnv, close: async () => undefined });
}

const CONFIG_BASE = {
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
  users: [{ name: 'u', user: { token: 'x' } }],
};

export const DNS_LABEL = 'a'.repeat(64);

// kubectl's own wording, from staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go and client-go.
const CONNECT = (what: string): RegExp => new RegExp(`^Unable to connect to the server: ${what}`);

export const FAULT_CASES: FaultCase[] = [
  {
    name: 'the kubeconfig given with --kubeconfig does not exist',
    setup: async (ctx) => ({ args: ['--kubeconfig', join(ctx.dir, 'no-such-kubeconfig')], env: ctx.baseEnv, close: async () => undefined }),
    stage: 'kubeconfig',
    kind: 'kubeconfig-invalid',
    kubectl: /^error: stat <DIR>\/no-such-kubeconfig: no such file or directory$/,
    teaches: /--kubeconfig|path/,
    compareWithKubectl: true,
  },
  {
    name: 'the kubeconfig is not valid YAML',
    setup: withConfig('apiVersion: v1\nclusters:\n- name: c\n  cluster:\n\tserver: https://x\n'),
    stage: 'kubeconfig',
    kind: 'kubeconfig-invalid',
    kubectl: /^error: error loading config file "<DIR>\/kubeconfig-\d+\.yaml": /,
    teaches: /YAML|indent|tab/i,
    compareWithKubectl: true,
  },
  {
    name: '--context names a context that is not in the kubeconfig',
    setup: withConfig({ ...CONFIG_BASE, contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }], 'current-context': 'ctx' }, ['--context', 'nope']),
    stage: 'kubeconfig',
    kind: 'kubeconfig-invalid',
    kubectl: /^Error in configuration: context was not found for specified context: nope$/,
    teaches: /get-contexts|context/,
    compareWithKubectl: true,
  },
  {
    name: 'the context points at a cluster that is not defined',
    setup: withConfig({ ...CONFIG_BASE, contexts: [{ name: 'ctx', context: { cluster: 'missing', user: 'u' } }], 'current-context': 'ctx' }),
    // kubectl falls back to its default server, http://localhost:8080, and asks there (nothing listens).
    stage: 'request',
    kind: 'connection-refused',
    kubectl: /^The connection to the server localhost:8080 was refused - did you specify the right host or port\?$/,
    teaches: /localhost:8080/,
    compareWithKubectl: true,
  },
  {
    name: 'the context points at a user that is not defined',
    setup: withConfig({ ...CONFIG_BASE, contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'missing' } }], 'current-context': 'ctx' }),
    stage: 'kubeconfig',
    kind: 'kubeconfig-invalid',
    teaches: /user "missing"/,
  },
  {
    name: 'DNS: the server name does not resolve (.invalid, RFC 2606)',
    // A plain .invalid name is sent to the machine's resolver (off this host here); a 64-character
    // label is refused by the resolver library itself (glibc and Go alike), so nothing leaves.
    setup: async (ctx) => ({ args: ['--kubeconfig', await configFor(ctx, { server: `https://${DNS_LABEL}.kube-trace.invalid:6443` })], env: ctx.baseEnv, close: async () => undefined }),
    stage: 'request',
    kind: 'dns',
    kubectl: new RegExp(`^Unable to connect to the server: dial tcp: lookup ${DNS_LABEL}\\.kube-trace\\.invalid: no such host$`),
    teaches: /kube-trace\.invalid/,
    compareWithKubectl: true,
  },
  {
    name: 'connection refused',
    setup: async (ctx) => ({ args: ['--kubeconfig', await configFor(ctx, { server: `https://127.0.0.1:${await refusedPort()}` })], env: ctx.baseEnv, close: async () => undefined }),
    stage: 'request',
    kind: 'connection-refused',
    kubectl: /^The connection to the server 127\.0\.0\.1:<PORT> was refused - did you specify the right host or port\?$/,
    teaches: /refused|running|port/i,
    compareWithKubectl: true,
  },
  {
    name: 'a server that accepts TCP and never answers (--request-timeout 1s)',
    setup: async (ctx) => {
      const silent = await startSilentServer();
      return { args: ['--kubeconfig', await configFor(ctx, { server: silent.url }), '--request-timeout', '1s'], env: ctx.baseEnv, close: () => silent.close() };
    },
    stage: 'request',
    kind: 'timeout',
    teaches: /timeout|answer/i,
    // kubectl itself words this three ways from run to run (which of its timers fires first).
    kubectl: /^Unable to connect to the server: (context deadline exceeded|net\/http: request canceled( while waiting for connection)?)( \(Client\.Timeout exceeded while awaiting headers\))?$/,
    kubectlVaries: true,
    compareWithKubectl: true,
  },
  {
    name: 'the list request gets no answer (--request-timeout 1s)',
    setup: withServer('hang-list', 'list', ['--request-timeout', '1s']),
    stage: 'authz',
    kind: 'timeout',
    teaches: /timeout|answer/i,
  },
  {
    name: 'TLS: the server certificate is signed by an unknown authority',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca });
      const other = await createCa('not-the-server-ca');
      return { args: ['--kubeconfig', await configFor(ctx, { server: server.url, caPem: other.certPem })], env: ctx.baseEnv, close: () => server.close() };
    },
    stage: 'request',
    kind: 'tls',
    kubectl: CONNECT('tls: failed to verify certificate: x509: certificate signed by unknown authority'),
    teaches: /certificate-authority|CA/,
    compareWithKubectl: true,
  },
  {
    name: 'TLS: the server certificate names only a DNS name, not the IP dialled',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca, serverCert: await issue(ctx.ca, { cn: 'elsewhere', dns: ['elsewhere.example'], server: true }) });
      return { args: ['--kubeconfig', await configFor(ctx, { server: server.url })], env: ctx.baseEnv, close: () => server.close() };
    },
    stage: 'request',
    kind: 'tls',
    kubectl: CONNECT("tls: failed to verify certificate: x509: cannot validate certificate for 127\\.0\\.0\\.1 because it doesn't contain any IP SANs$"),
    teaches: /tls-server-name|name|SAN/i,
    compareWithKubectl: true,
  },
  {
    name: 'TLS: the server certificate is for another IP address',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca, serverCert: await issue(ctx.ca, { cn: 'elsewhere', ips: ['127.0.0.2'], server: true }) });
      return { args: ['--kubeconfig', await configFor(ctx, { server: server.url })], env: ctx.baseEnv, close: () => server.close() };
    },
    stage: 'request',
    kind: 'tls',
    kubectl: CONNECT('tls: failed to verify certificate: x509: certificate is valid for 127\\.0\\.0\\.2, not 127\\.0\\.0\\.1$'),
    teaches: /tls-server-name|name|SAN/i,
    compareWithKubectl: true,
  },
  {
    name: 'the client certificate has expired (the server answers 401)',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca });
      const old = await issue(ctx.ca, { cn: 'expired-user', notBefore: new Date(Date.now() - 3 * 86400_000), notAfter: new Date(Date.now() - 86400_000) });
      const user = { 'client-certificate-data': Buffer.from(old.certPem).toString('base64'), 'client-key-data': Buffer.from(old.keyPem).toString('base64') };
      return { args: ['--kubeconfig', await configFor(ctx, { server: server.url, user })], env: ctx.baseEnv, close: () => server.close() };
    },
    stage: 'request',
    reached: ['response', 'format'],
    kind: 'unauthorized',
    // A cold discovery cache (this HOME has none): kubectl's 401 comes from discovery, worded generically.
    kubectl: /^error: You must be logged in to the server \(the server has asked for the client to provide credentials\)$/,
    teaches: /expired/i,
    compareWithKubectl: true,
  },
  {
    name: '401 Unauthorized',
    setup: withServer('unauthorized', 'all'),
    stage: 'request',
    reached: ['response', 'format'],
    kind: 'unauthorized',
    kubectl: /^error: You must be logged in to the server \(the server has asked for the client to provide credentials\)$/,
    teaches: /credential|token|log in|logged in/i,
    compareWithKubectl: true,
  },
  {
    name: '403 Forbidden in the namespace',
    setup: withServer('forbidden-namespace'),
    stage: 'authz',
    reached: ['response', 'format'],
    kind: 'forbidden',
    kubectl: /^Error from server \(Forbidden\): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"$/,
    teaches: /RBAC|Role|can-i/,
    compareWithKubectl: true,
  },
  {
    name: '403 Forbidden cluster-wide (-A)',
    setup: withServer('forbidden-cluster', 'list', ['-A']),
    stage: 'authz',
    reached: ['response', 'format'],
    kind: 'forbidden',
    kubectl: /^Error from server \(Forbidden\): pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope$/,
    teaches: /ClusterRole|cluster/,
    compareWithKubectl: true,
  },
  {
    name: '404: the server has no "pods" resource type (discovery lacks it)',
    setup: withServer('no-pods-discovery'),
    stage: 'request',
    kind: 'not-found',
    kubectl: /^error: the server doesn't have a resource type "pods"$/,
    teaches: /discovery/i,
    compareWithKubectl: true,
  },
  {
    name: '500 Internal Server Error on the list',
    setup: withServer('server-error'),
    stage: 'response',
    reached: ['format'],
    kind: 'server-error',
    kubectl: /^Error from server \(InternalError\): Internal error occurred: etcdserver: request timed out$/,
    teaches: /server|log/i,
    compareWithKubectl: true,
  },
  {
    name: '500 on discovery too',
    setup: withServer('server-error', 'all'),
    stage: 'request',
    reached: ['response', 'format'],
    kind: 'server-error',
    kubectl: /^Error from server \(InternalError\): an error on the server \("unknown"\) has prevented the request from succeeding$/,
    compareWithKubectl: true,
    teaches: /server|log/i,
  },
  {
    name: '401 Unauthorized on the list only (discovery was allowed)',
    setup: withServer('unauthorized', 'list'),
    stage: 'authz',
    reached: ['response', 'format'],
    kind: 'unauthorized',
    kubectl: /^error: You must be logged in to the server \(Unauthorized\)$/,
    teaches: /credential|token|log in|logged in/i,
    compareWithKubectl: true,
  },
  {
    name: 'a huge response (50 MB Table): traced like any other, as kubectl prints it',
    setup: withServer('huge'),
    stage: null,
    kind: null,
    teaches: /./,
    compareWithKubectl: true,
  },
  {
    name: 'the exec credential plugin fails',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca });
      const user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin(ctx, 'fail')], interactiveMode: 'Never' } };
      return { args: ['--kubeconfig', await configFor(ctx, { server: server.url, user })], env: ctx.baseEnv, close: () => server.close() };
    },
    stage: 'request',
    withheld: { lines: /^error: not logged in$/, why: "kubectl passes the plugin's own stderr through, between its memcache lines; kube-trace runs the plugin as often but never shows a plugin's output, which may hold a secret (its message says so)" },
    kind: 'auth-plugin',
    kubectl: new RegExp(`^Unable to connect to the server: getting credentials: exec: executable ${process.execPath.replaceAll('/', '\\/')} failed with exit code 3$`),
    teaches: /not shown because it may contain a token/,
    compareWithKubectl: true,
  },
  {
    name: 'the exec credential plugin hangs (--request-timeout 1s)',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca });
      const user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin(ctx, 'hang')], interactiveMode: 'Never' } };
      return { args: ['--kubeconfig', await configFor(ctx, { server: server.url, user }), '--request-timeout', '1s'], env: ctx.baseEnv, close: () => server.close() };
    },
    stage: 'request',
    kind: 'auth-plugin',
    teaches: /plugin/i,
  },
  {
    name: 'a truncated body (Content-Length not honoured)',
    setup: withServer('truncated-body'),
    stage: 'response',
    reached: ['format'],
    kind: 'bad-response',
    kubectl: /^unexpected error when reading response body\. Please retry\. Original error: unexpected EOF$/,
    compareWithKubectl: true,
    teaches: /body|connection|truncat/i,
  },
  {
    name: 'a body that is not JSON (an HTML page)',
    setup: withServer('not-json'),
    stage: 'response',
    reached: ['format'],
    kind: 'bad-response',
    kubectl: /^serializer for text\/html doesn't exist$/,
    compareWithKubectl: true,
    teaches: /JSON|HTML|proxy|server URL/i,
  },
  {
    name: 'the server closes the connection mid-stream',
    setup: withServer('close-mid-stream'),
    stage: 'response',
    reached: ['format'],
    kind: 'bad-response',
    kubectl: /^unexpected error when reading response body\. Please retry\. Original error: unexpected EOF$/,
    compareWithKubectl: true,
    teaches: /connection|closed|reset/i,
  },
  // ---------------------------------------------------------------- the kube layer: wire, proxies, credentials
  {
    name: 'https:// to a port that speaks plain HTTP',
    setup: async (ctx) => {
      const plain = await startPlainHttpServer();
      return { args: ['--kubeconfig', await configFor(ctx, { server: plain.url })], env: ctx.baseEnv, close: () => plain.close() };
    },
    stage: 'request',
    kind: 'tls',
    kubectl: CONNECT('http: server gave HTTP response to HTTPS client$'),
    teaches: /http:\/\/|plain HTTP/,
    compareWithKubectl: true,
  },
  {
    name: 'a response header over 16 KiB (Node\'s default limit; Go allows 10 MiB): read as kubectl reads it',
    setup: withServer('big-header'),
    stage: null,
    kind: null,
    teaches: /./,
    compareWithKubectl: true,
  },
  {
    name: 'a gzip bomb (100 MiB of blanks): kube-trace stops at its own 64 MiB limit and says the limit is its own',
    setup: withServer('gzip-bomb'),
    stage: 'response',
    kind: 'bad-response',
    teaches: /kube-trace's own 64 MiB limit/,
    kubectlUnknown: /kube-trace stopped reading the response at its own limit \(64 MiB\); kubectl has no such limit/,
  },
  {
    name: 'the list is redirected to another host: followed, as kubectl follows it (the credentials go along)',
    setup: async (ctx) => {
      const target = await startFaultyServer({ ca: ctx.ca });
      const server = await startFaultyServer({ ca: ctx.ca, fault: 'redirect-list', redirectTo: `https://localhost:${target.port}` });
      return {
        args: ['--kubeconfig', await configFor(ctx, { server: server.url })],
        env: ctx.baseEnv,
        close: async () => {
          await server.close();
          await target.close();
        },
      };
    },
    stage: null,
    kind: null,
    teaches: /./,
    compareWithKubectl: true,
  },
  {
    name: 'Warning headers on the list: printed on stderr as kubectl prints them (299 only, each text once)',
    setup: withServer('warnings'),
    stage: null,
    kind: null,
    teaches: /./,
    compareWithKubectl: true,
  },
  {
    name: 'the list redirects forever',
    setup: withServer('redirect-loop'),
    stage: 'response',
    reached: ['format'],
    kind: 'bad-response',
    kubectl: CONNECT('stopped after 10 redirects$'),
    teaches: /redirect/,
    compareWithKubectl: true,
  },
  {
    name: 'proxy-url: requests go through a live HTTP proxy',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca });
      const proxy = await startHttpProxy({ credentials: 'fault-user:fault-pass' });
      return {
        args: ['--kubeconfig', await configFor(ctx, { server: server.url, cluster: { 'proxy-url': proxy.url.replace('://', '://fault-user:fault-pass@') } })],
        env: ctx.baseEnv,
        close: async () => {
          await proxy.close();
          await server.close();
        },
      };
    },
    stage: null,
    kind: null,
    teaches: /./,
    compareWithKubectl: true,
  },
  {
    name: 'proxy-url: the proxy is not running',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca });
      return { args: ['--kubeconfig', await configFor(ctx, { server: server.url, cluster: { 'proxy-url': `http://u:DEADPROXYPW@127.0.0.1:${await refusedPort()}` } })], env: ctx.baseEnv, close: () => server.close() };
    },
    stage: 'request',
    kind: 'connection-refused',
    // kubectl names the API server even though the proxy refused (its check only looks for "connection refused").
    kubectl: /^The connection to the server 127\.0\.0\.1:<PORT> was refused - did you specify the right host or port\?$/,
    teaches: /proxy/,
    compareWithKubectl: true,
  },
  {
    name: 'proxy-url: the proxy wants other credentials (407)',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca });
      const proxy = await startHttpProxy({ credentials: 'u:right' });
      return {
        args: ['--kubeconfig', await configFor(ctx, { server: server.url, cluster: { 'proxy-url': proxy.url.replace('://', '://u:wrong@') } })],
        env: ctx.baseEnv,
        close: async () => {
          await proxy.close();
          await server.close();
        },
      };
    },
    stage: 'request',
    kind: 'connection-refused',
    kubectl: CONNECT('Proxy Authentication Required$'),
    teaches: /proxy/i,
    compareWithKubectl: true,
  },
  {
    name: 'a tokenFile that does not exist (kubectl\'s key; it stops while loading the kubeconfig)',
    setup: async (ctx) => ({ args: ['--kubeconfig', await configFor(ctx, { server: 'https://127.0.0.1:1', user: { tokenFile: join(ctx.dir, 'missing-token') } })], env: ctx.baseEnv, close: async () => undefined }),
    stage: 'kubeconfig',
    kind: 'kubeconfig-invalid',
    kubectl: /^error: open <DIR>\/missing-token: no such file or directory$/,
    teaches: /token|file|credential/i,
    compareWithKubectl: true,
  },
  {
    name: 'the client-key file does not exist',
    setup: async (ctx) => {
      const id = await issue(ctx.ca, { cn: 'no-key' });
      const cert = join(ctx.dir, 'no-key.crt');
      writeFileSync(cert, id.certPem);
      return { args: ['--kubeconfig', await configFor(ctx, { server: 'https://127.0.0.1:1', user: { 'client-certificate': cert, 'client-key': join(ctx.dir, 'missing.key') } })], env: ctx.baseEnv, close: async () => undefined };
    },
    stage: 'kubeconfig',
    kind: 'kubeconfig-invalid',
    kubectl: /^error: unable to read client-key <DIR>\/missing\.key for u due to open <DIR>\/missing\.key: no such file or directory$/,
    teaches: /kubeconfig|client-key|user/i,
    compareWithKubectl: true,
  },
  {
    name: 'client-key-data that is not base64',
    setup: async (ctx) => ({ args: ['--kubeconfig', await configFor(ctx, { server: 'https://127.0.0.1:1', user: { 'client-certificate-data': 'eA==', 'client-key-data': '!!!' } })], env: ctx.baseEnv, close: async () => undefined }),
    stage: 'kubeconfig',
    kind: 'kubeconfig-invalid',
    kubectl: /^error: error loading config file "<DIR>\/kubeconfig-\d+\.yaml": illegal base64 data at input byte 0$/,
    teaches: /base64/,
    compareWithKubectl: true,
  },
  {
    name: 'a directory in KUBECONFIG',
    setup: async (ctx) => {
      const d = join(ctx.dir, 'a-directory');
      mkdirSync(d, { recursive: true });
      return { args: [], env: { ...ctx.baseEnv, KUBECONFIG: d }, close: async () => undefined };
    },
    stage: 'kubeconfig',
    kind: 'kubeconfig-invalid',
    kubectl: /^error: error loading config file "<DIR>\/a-directory": read <DIR>\/a-directory: is a directory$/,
    teaches: /director|path/i,
    compareWithKubectl: true,
  },
  {
    name: 'a v1 exec entry without interactiveMode',
    setup: async (ctx) => ({ args: ['--kubeconfig', await configFor(ctx, { server: 'https://127.0.0.1:1', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/bin/true' } } })], env: ctx.baseEnv, close: async () => undefined }),
    stage: 'kubeconfig',
    kind: 'kubeconfig-invalid',
    kubectl: /^error: interactiveMode must be specified for u to use exec authentication plugin$/,
    teaches: /kubeconfig|user/i,
    compareWithKubectl: true,
  },
  {
    name: 'the exec plugin prints {}',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca });
      return { args: ['--kubeconfig', await configFor(ctx, { server: server.url, user: execUser(shellPlugin(ctx, 'empty', 'echo "{}"')) })], env: ctx.baseEnv, close: () => server.close() };
    },
    stage: 'request',
    kind: 'auth-plugin',
    kubectl: CONNECT('getting credentials: exec plugin is configured to use API version client\\.authentication\\.k8s\\.io/v1, plugin returned version client\\.authentication\\.k8s\\.io/__internal$'),
    teaches: /plugin/i,
    compareWithKubectl: true,
  },
  {
    name: 'the exec plugin is a shell wrapper around a long-running child (--request-timeout 1s)',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca });
      return { args: ['--kubeconfig', await configFor(ctx, { server: server.url, user: execUser(shellPlugin(ctx, 'wrapper', 'sleep 90 &\nwait')) }), '--request-timeout', '1s'], env: ctx.baseEnv, close: () => server.close() };
    },
    stage: 'request',
    kind: 'auth-plugin',
    teaches: /plugin/i,
  },
  {
    name: 'the exec plugin prints without end (kube-trace caps a credential\'s size)',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca });
      return { args: ['--kubeconfig', await configFor(ctx, { server: server.url, user: execUser(shellPlugin(ctx, 'flood', 'yes')) })], env: ctx.baseEnv, close: () => server.close() };
    },
    stage: 'request',
    kind: 'auth-plugin',
    teaches: /MiB|limit/,
  },
  // ---------------------------------------------------------------- what client-go refuses before it sends
  {
    name: 'an empty resource name (get pods ""): refused after discovery, before sending, as client-go refuses it',
    setup: withServer('none', 'list', ['']),
    stage: 'request',
    kind: 'usage',
    kubectl: /^error: resource name may not be empty$/,
    teaches: /name/,
    compareWithKubectl: true,
  },
  {
    name: 'a namespace with a slash (-n ../x): not one path segment, refused before sending',
    setup: withServer('none', 'list', ['-n', '../x']),
    stage: 'request',
    kind: 'usage',
    kubectl: /^invalid namespace "\.\.\/x": \[may not contain '\/'\]$/,
    teaches: /namespace|-n/,
    compareWithKubectl: true,
  },
  {
    name: 'a name with a percent sign: not one path segment, refused before sending',
    setup: withServer('none', 'list', ['x%2f']),
    stage: 'request',
    kind: 'usage',
    kubectl: /^error: invalid resource name "x%2f": \[may not contain '%'\]$/,
    teaches: /name/,
    compareWithKubectl: true,
  },
  {
    name: "the context's namespace has a slash (a/b in the kubeconfig)",
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca });
      return { args: ['--kubeconfig', await configFor(ctx, { server: server.url, contextExtra: { namespace: 'a/b' } })], env: ctx.baseEnv, close: () => server.close() };
    },
    stage: 'request',
    kind: 'kubeconfig-invalid',
    kubectl: /^invalid namespace "a\/b": \[may not contain '\/'\]$/,
    teaches: /context's namespace/,
    compareWithKubectl: true,
  },
  {
    name: 'a NUL in the server URL: Go refuses the URL before anything is sent',
    setup: async (ctx) => {
      const server = await startFaultyServer({ ca: ctx.ca });
      return { args: ['--kubeconfig', await configFor(ctx, { server: `${server.url}/x\u0000y` })], env: ctx.baseEnv, close: () => server.close() };
    },
    stage: 'kubeconfig',
    kind: 'kubeconfig-invalid',
    kubectl: /^Unable to connect to the server: net\/url: invalid control character in URL$/,
    teaches: /control character/,
    compareWithKubectl: true,
  },
];
