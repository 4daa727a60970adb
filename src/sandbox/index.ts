// The embedded sandbox API server: HTTPS on loopback, speaking the Kubernetes API for everything
// `kubectl get pods` touches and for writes (create, apply, replace, delete through admission to
// storage), with a glass box that shows what happened inside per request.
// The CLI starts it; the trace engine only talks to it over HTTPS.

import { createSecureServer, type Http2SecureServer } from 'node:http2';
import { randomBytes } from 'node:crypto';
import { writeFile, chmod } from 'node:fs/promises';
import type { SandboxResponse } from './http.js';
import type { GlassBoxRecord } from '../glassbox/types.js';
import { generatePki } from './tls.js';
import { MemoryStorage } from './storage/memory.js';
import { GlassBoxLog } from './glassbox-log.js';
import { createHandler, type RequestLogEntry, type ServerState } from './server.js';
import { loadPolicy } from './policy.js';
import { SCENARIOS as SCENARIO_NAMES, isScenario, scenarioContent, type SerializedObject } from './scenarios.js';
import type { Storage } from './storage/types.js';
import { loadObjectsFile } from './objects-file.js';
import { bootstrapRbac } from './objects.js';
import { kubeconfigYaml, SANDBOX_CONTEXTS } from './kubeconfig.js';
import { decodeStored, objectKey, orderMetadata, ResourceRegistry, type KubeObject } from './resources.js';
import { withCustomResources } from './discovery.js';
import { DEFAULT_SERVER_VERSION, isServerVersion, SERVER_VERSIONS, versionProfile, type ServerVersion, type VersionProfile } from './versions.js';
import { WatchCache } from './watch-cache.js';
import type { ScenarioWriter } from './watch-events.js';
import { watchProgressSupport } from './storage/watch-progress.js';
import { ConnectionGuard, DEFAULT_LIMITS, type ConnectionLimits } from './connections.js';
import { isLoopback, serverNamesFor, urlHost } from './address.js';
import { WatchHub } from './writes/watch-hub.js';
import { WritePath } from './writes/pipeline.js';
import { defaultServiceAccounts } from './writes/seed.js';
import { SandboxControllers } from './writes/controllers.js';
import { startWebhookServer, webhookConfigurations, type WebhookServer } from './admission/webhook-server.js';

export { GLASSBOX_PATH_PREFIX } from '../glassbox/types.js';
export { SANDBOX_CLUSTER, SANDBOX_CONTEXTS } from './kubeconfig.js';
export { ObjectsFileError } from './objects-file.js';
export type { Storage } from './storage/types.js';
export { DEFAULT_SERVER_VERSION, SERVER_VERSIONS, type ServerVersion } from './versions.js';
export { DEFAULT_LIMITS, type ConnectionLimits } from './connections.js';
export { isLoopback, isUnspecified } from './address.js';

export interface SandboxOptions {
  port?: number;
  /** Where to listen (default 127.0.0.1). Only loopback addresses unless allowNonLoopback. */
  address?: string;
  /** Allow an address other machines can reach (0.0.0.0, a LAN IP, a host name). */
  allowNonLoopback?: boolean;
  /** Connection timeouts and per-client caps (defaults: DEFAULT_LIMITS). */
  limits?: Partial<ConnectionLimits>;
  scenario?: string;
  objectsFile?: string;
  now?: () => Date;
  /** Where to keep the objects (default: a fresh in-memory MVCC store). It must start empty; the sandbox seeds it and closes it on close(), or when it cannot start. */
  storage?: Storage;
  /** Which kube-apiserver to be, each held to its captures (default: the newest, DEFAULT_SERVER_VERSION). */
  serverVersion?: ServerVersion;
  /**
   * Run the simulated scheduler and kubelet that react to pod writes (default true). Off, the sandbox
   * is a lone kube-apiserver, as in the write captures: pods stay Pending.
   */
  controllers?: boolean;
  /**
   * Register the sandbox's own admission webhooks for pod creates (served on loopback over HTTPS):
   * mutate.kube-trace.local adds a label, validate.kube-trace.local refuses a pod without a "team"
   * label. Off by default.
   */
  webhooks?: boolean;
}

export interface RunningSandbox {
  url: string;
  port: number;
  address: string;
  scenario: string;
  /** The kube-apiserver version it imitates, e.g. '1.33'. */
  serverVersion: ServerVersion;
  /** Its /version gitVersion, e.g. 'v1.33.3'. */
  gitVersion: string;
  caPem: string;
  /** The names the server certificate is issued for (the address chosen among them). */
  serverNames: { dns: string[]; ips: string[] };
  /** kubeconfig YAML with cluster "kube-trace-sandbox" and contexts sandbox-admin (current; system:masters), sandbox-viewer (get/list/watch pods in default only), sandbox-nobody (no RBAC), sandbox-token (bearer token, no RBAC); cert/key data embedded. */
  kubeconfigYaml(opts?: { currentContext?: string }): string;
  writeKubeconfig(path: string, opts?: { currentContext?: string }): Promise<void>; // mode 0600
  revision(): number; // storage revision: proves a read (or a dry run) wrote nothing
  requests(): { method: string; path: string; query: string; auditId: string; userAgent: string; status: number; httpVersion: '1.1' | '2' }[];
  glassBox(auditId: string): GlassBoxRecord | undefined;
  /** The glass box record of the write that produced a storage revision (a watch event's resourceVersion). */
  glassBoxForRevision(revision: number): GlassBoxRecord | undefined;
  /** Resolves once the simulated scheduler and kubelet have reacted to every write so far. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export const SCENARIOS: readonly string[] = SCENARIO_NAMES;

export class SandboxError extends Error {}

// The order kube's controllers would have created things in, so resourceVersions read plausibly.
// Kinds not named here come after them, in the order given (custom resources after their CRDs).
const KIND_ORDER = ['Namespace', 'Node', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ServiceAccount', 'Pod', 'CustomResourceDefinition'];
const kindRank = (kind: unknown): number => {
  const i = KIND_ORDER.indexOf(String(kind));
  return i < 0 ? KIND_ORDER.length : i;
};

/**
 * What the version's create path adds to a pod before it is stored: since v1.33 kube-apiserver sets
 * metadata.generation (1 on create; a graceful delete raises it, so a pod being deleted is at 2).
 */
function admitPod(meta: Record<string, unknown>, profile: VersionProfile): void {
  if (profile.podGeneration && meta['generation'] === undefined) meta['generation'] = meta['deletionTimestamp'] !== undefined ? 2 : 1;
}

function admitSerializedPod(json: string, profile: VersionProfile): string {
  if (!profile.podGeneration || json.includes('"generation":')) return json;
  // The bulk scenario's pods are stored text: insert the field where Go's order puts it (before
  // creationTimestamp, which follows the absent resourceVersion) without parsing thousands of pods.
  const at = json.indexOf('"creationTimestamp":');
  if (json.startsWith('{"kind":"Pod","apiVersion":"v1","metadata":{') && at > 0 && !json.includes('"deletionTimestamp"')) {
    return `${json.slice(0, at)}"generation":1,${json.slice(at)}`;
  }
  const obj = JSON.parse(json) as KubeObject;
  const meta = { ...(obj['metadata'] as Record<string, unknown>) };
  admitPod(meta, profile);
  return JSON.stringify({ ...obj, metadata: orderMetadata(meta) });
}

/** An object as kube-apiserver stores it, under its key (null for a kind the sandbox does not serve). */
function storedForm(o: KubeObject, profile: VersionProfile, registry: ResourceRegistry, keep?: Record<string, unknown>): { key: string; json: string } | null {
  const def = registry.forKind(String(o['apiVersion']), String(o['kind']));
  if (!def) return null;
  const meta = { ...(o['metadata'] as Record<string, unknown>) };
  delete meta['resourceVersion']; // kube stores objects without it; reads set it from mod_revision
  if (o['kind'] === 'Pod') admitPod(meta, profile);
  // An update keeps what the server set at creation.
  if (keep) for (const f of ['uid', 'creationTimestamp']) if (keep[f] !== undefined) meta[f] = keep[f];
  const { kind, apiVersion, metadata: _m, ...rest } = o;
  const stored = { kind, apiVersion, metadata: orderMetadata(meta), ...rest };
  // The objects file and the scenarios give a namespaced object a string namespace, a cluster-scoped one none.
  return { key: objectKey(def, typeof meta['namespace'] === 'string' ? meta['namespace'] : '', String(meta['name'])), json: JSON.stringify(stored) };
}

/** The writes a scenario script makes: to the store, then to the open watches (as the cacher would fan them out). */
function scenarioWriter(storage: Storage, profile: VersionProfile, registry: ResourceRegistry, hub: WatchHub, now: () => Date): ScenarioWriter {
  const existing = async (o: KubeObject): Promise<{ key: string; value: string } | null> => {
    const first = storedForm(o, profile, registry);
    if (first === null) return null;
    const got = await storage.range({ key: first.key });
    const kv = got.kvs[0];
    return kv ? { key: kv.key, value: kv.value } : null;
  };
  return {
    now,
    async write(o) {
      const old = await existing(o);
      const keep = old ? ((JSON.parse(old.value) as { metadata?: Record<string, unknown> }).metadata ?? {}) : undefined;
      const s = storedForm(o, profile, registry, keep);
      if (s === null) return;
      const revision = await storage.put(s.key, s.json);
      hub.publish({ type: old ? 'MODIFIED' : 'ADDED', key: s.key, object: decodeStored(s.json, revision), revision });
    },
    async remove(o) {
      const old = await existing(o);
      if (old === null) return;
      const revision = await storage.delete(old.key);
      hub.publish({ type: 'DELETED', key: old.key, object: decodeStored(old.value, revision), revision });
    },
  };
}

async function seed(storage: Storage, objects: KubeObject[], serialized: SerializedObject[], profile: VersionProfile, registry: ResourceRegistry): Promise<void> {
  const memory = storage instanceof MemoryStorage ? storage : null;
  const put = async (key: string, json: string): Promise<void> => {
    if (memory) memory.putSync(key, json);
    else await storage.put(key, json);
  };
  const sorted = [...objects].sort((a, b) => kindRank(a['kind']) - kindRank(b['kind']));
  for (const o of sorted) {
    const s = storedForm(o, profile, registry);
    if (s !== null) await put(s.key, s.json);
  }
  for (const s of serialized) {
    const def = registry.forKind(s.apiVersion, s.kind);
    if (def) await put(objectKey(def, s.namespace, s.name), s.kind === 'Pod' ? admitSerializedPod(s.json, profile) : s.json);
  }
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  try {
    return await start(opts);
  } catch (e) {
    // The store was handed over: a sandbox that cannot start still closes it (an etcd scratch store
    // removes what was seeded, and its client stops holding the process open).
    await opts.storage?.close().catch(() => undefined);
    throw e;
  }
}

/** Why the address cannot be used, or null. */
function addressProblem(address: string, allowNonLoopback: boolean): string | null {
  if (address.trim() === '' || /[\s/]/.test(address)) return `"${address}" is not an address to listen on`;
  if (isLoopback(address) || allowNonLoopback) return null;
  return `${address} is not a loopback address: other machines could reach the sandbox, and the kubeconfig it writes lets anyone who has it read the cluster. Use a loopback address (127.0.0.1, another 127.x.y.z, ::1, localhost), or allow it explicitly (allowNonLoopback, --allow-non-loopback)`;
}

function listenError(e: NodeJS.ErrnoException, address: string, port: number): SandboxError {
  switch (e.code) {
    case 'EADDRINUSE':
      return new SandboxError(`port ${port} on ${address} is already in use; choose another with --port, or leave --port out to get a free one`);
    case 'EACCES':
      return new SandboxError(`no permission to listen on port ${port} on ${address} (ports below 1024 need root); choose a port from 1024 up`);
    case 'EADDRNOTAVAIL':
      return new SandboxError(`${address} is not an address of this machine, so the sandbox cannot listen on it`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SandboxError(`the host name ${address} does not resolve to an address of this machine`);
    default:
      return new SandboxError(`cannot listen on ${address} port ${port}: ${e.message}`);
  }
}

async function start(opts: SandboxOptions): Promise<RunningSandbox> {
  const now = opts.now ?? (() => new Date());
  const scenario = opts.scenario ?? 'default';
  if (!isScenario(scenario)) throw new SandboxError(`unknown scenario "${scenario}"; choose one of: ${SCENARIO_NAMES.join(', ')}`);
  const serverVersion = opts.serverVersion ?? DEFAULT_SERVER_VERSION;
  if (!isServerVersion(serverVersion)) throw new SandboxError(`unknown server version "${String(serverVersion)}"; choose one of: ${SERVER_VERSIONS.join(', ')}`);
  const baseProfile = versionProfile(serverVersion);
  const address = (opts.address ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1'); // [::1] as in a URL means ::1
  const problem = addressProblem(address, opts.allowNonLoopback === true);
  if (problem) throw new SandboxError(problem);
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const started = now();
  const content = scenarioContent(scenario, started);
  const builtIn = ResourceRegistry.fromDiscovery(baseProfile.discovery);
  let objects = content.objects;
  let registry = builtIn.withCustomResources(content.objects.filter((o) => o['kind'] === 'CustomResourceDefinition'));
  if (opts.objectsFile) {
    const { objects: loaded, registry: fileRegistry } = await loadObjectsFile(opts.objectsFile, started, builtIn, serverVersion);
    registry = fileRegistry;
    const clusterRoleNames = new Set(loaded.filter((o) => o['kind'] === 'ClusterRole' || o['kind'] === 'ClusterRoleBinding').map((o) => `${String(o['kind'])}/${String((o['metadata'] as Record<string, unknown>)['name'])}`));
    const bootstrap = bootstrapRbac(started).filter((o) => !clusterRoleNames.has(`${String(o['kind'])}/${String((o['metadata'] as Record<string, unknown>)['name'])}`));
    objects = [...bootstrap, ...loaded];
  }

  // Discovery lists the built-in resources and what the CRDs define (apiextensions-apiserver adds those).
  const custom = registry.all.filter((d) => d.printerColumns !== null);
  const profile: VersionProfile = custom.length === 0 ? baseProfile : { ...baseProfile, discovery: withCustomResources(baseProfile.discovery, custom) };
  const storage = opts.storage ?? new MemoryStorage();
  await seed(storage, objects, opts.objectsFile ? [] : (content.serialized ?? []), profile, registry);
  // The serviceaccount controller's "default" ServiceAccount in every namespace that has none (pods need it to be admitted).
  await seed(storage, defaultServiceAccounts(objects, started), [], profile, registry);
  let lastRevision = await storage.currentRevision();
  // One channel for every change made while the sandbox runs (writes, controllers, a scenario's script).
  const hub = new WatchHub();
  hub.subscribe('/', (e) => {
    lastRevision = Math.max(lastRevision, e.revision);
  });
  // The watch caches start as kube-apiserver's do: one initial list per resource.
  const caches = new Map<string, WatchCache>();
  for (const prefix of registry.prefixes()) {
    const cache = new WatchCache(storage, prefix);
    await cache.start();
    caches.set(prefix, cache);
  }
  const policy = await loadPolicy(storage);
  // The certificate names the address chosen (broken-tls keeps its name that no client uses).
  const serverNames = scenario === 'broken-tls' ? content.serverNames : serverNamesFor(address);
  const pki = await generatePki({ now: started, serverNames });
  let webhookServer: WebhookServer | null = null;
  if (opts.webhooks === true) {
    // The webhook server's certificate is the sandbox's (issued for 127.0.0.1); the caBundle is its CA.
    const webhookPki = scenario === 'broken-tls' || !serverNames.ips.includes('127.0.0.1') ? await generatePki({ now: started, serverNames: serverNamesFor('127.0.0.1') }) : pki;
    webhookServer = await startWebhookServer(webhookPki.server);
    await seed(storage, webhookConfigurations(webhookServer.url, webhookPki.ca.certPem, started), [], profile, registry);
    lastRevision = await storage.currentRevision();
  }
  const token = randomBytes(24).toString('base64url');
  const requests: RequestLogEntry[] = [];
  const watches = new Set<SandboxResponse>();
  let port = 0;
  const host = urlHost(address);
  const state: ServerState = {
    storage,
    profile,
    resources: registry,
    caches,
    watchProgress: watchProgressSupport(storage),
    policy,
    tokens: [{ token, user: { username: 'token-user', uid: 'token-user-uid', groups: ['token-group'] } }],
    now,
    glass: new GlassBoxLog(1000),
    requests,
    serverAddress: () => `${host}:${port}`,
    watches,
    requestBodyTimeoutMs: limits.requestBodyTimeoutMs,
    hub,
    writes: new WritePath({ storage, hub, now, podGeneration: profile.podGeneration }),
  };
  // A scenario with a script (watch-demo) plays the scheduler and the kubelet itself.
  const controllers = opts.controllers === false || content.script !== undefined ? null : new SandboxControllers({ storage, hub, writes: state.writes, glass: state.glass, now, resources: registry });
  const script = content.script;
  if (script !== undefined) {
    const writer = scenarioWriter(storage, profile, registry, hub, now);
    state.onWatch = (prefix) => script.onWatch(prefix, writer);
  }

  // HTTP/2 by ALPN, HTTP/1.1 for clients that ask for it, as kube-apiserver (Go's net/http) serves.
  const server: Http2SecureServer = createSecureServer(
    {
      key: pki.server.keyPem,
      cert: pki.server.certPem,
      ca: pki.ca.certPem,
      requestCert: true,
      rejectUnauthorized: false, // a bad client cert is a 401 from the authenticator, not a TLS failure
      minVersion: 'TLSv1.2',
      allowHTTP1: true,
      handshakeTimeout: limits.handshakeTimeoutMs,
      // Go's http2 server advertises 250 concurrent streams (kube-apiserver keeps Go's default).
      settings: { maxConcurrentStreams: 250 },
    },
    createHandler(state),
  );
  // Limits of the HTTP/1.1 side (Node's http server reads them from the server object).
  const requestTimeout = limits.requestBodyTimeoutMs + 1_000;
  Object.assign(server, { headersTimeout: Math.min(10_000, requestTimeout), requestTimeout, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 });
  // A last resort for file descriptors; the per-client caps of the guard act long before it.
  server.maxConnections = 4096;
  const guard = new ConnectionGuard(limits);
  guard.attach(server);
  server.on('session', (session) => session.on('error', () => undefined)); // a client that vanishes mid-stream is its own problem
  server.on('tlsClientError', () => {
    /* a client that rejects our certificate (broken-tls), or says nothing before the handshake deadline, just disconnects */
  });

  const wanted = opts.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, address, wanted)));
    server.listen(wanted, address, () => {
      server.removeAllListeners('error');
      server.on('error', () => undefined);
      resolve();
    });
  });
  const bound = server.address();
  port = typeof bound === 'object' && bound ? bound.port : 0;
  const url = `https://${host}:${port}`;

  const kubeconfig = (o?: { currentContext?: string }): string => {
    const ctx = o?.currentContext ?? content.currentContext;
    if (!(SANDBOX_CONTEXTS as readonly string[]).includes(ctx)) throw new SandboxError(`unknown sandbox context "${ctx}"; choose one of: ${SANDBOX_CONTEXTS.join(', ')}`);
    return kubeconfigYaml({ url, pki, token, currentContext: ctx });
  };

  let closed = false;
  return {
    url,
    port,
    address,
    scenario,
    serverVersion,
    gitVersion: profile.info['gitVersion'] ?? '',
    caPem: pki.ca.certPem,
    serverNames,
    kubeconfigYaml: kubeconfig,
    async writeKubeconfig(path, o) {
      await writeFile(path, kubeconfig(o), { mode: 0o600 });
      await chmod(path, 0o600); // writeFile's mode applies only when it creates the file
    },
    // On etcd: the revision after seeding or after the sandbox's own last write (others' writes to a shared etcd are not seen).
    revision: () => (storage instanceof MemoryStorage ? storage.revisionNow() : lastRevision),
    requests: () => requests.map((r) => ({ ...r })),
    glassBox: (auditId) => state.glass.get(auditId),
    glassBoxForRevision: (revision) => state.glass.byRevision(revision),
    idle: async () => {
      await controllers?.idle();
    },
    async close() {
      if (closed) return;
      closed = true;
      controllers?.stop();
      await controllers?.idle();
      await webhookServer?.close();
      for (const w of watches) w.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of guard.sessions()) session.destroy();
        for (const s of guard.sockets()) s.destroy();
      });
      await storage.close();
    },
  };
}
