// Step "discovery": what kubectl asks before its first real request — the aggregated discovery
// documents (or, from an older server, one list per group-version) — and the mapping of the word the
// learner typed to a group, version and resource.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { displayUrl } from '../../kube/display-url.js';
import { headerValue } from '../../kube/headers.js';
import type { NetworkFailure } from '../../kube/observed-http.js';
import { cacheFilesFromAggregated, writeDiscoveryCache, type DiscoveryCacheFiles } from '../kubectl/discovery-cache.js';
import { discoveryGoError, memcacheLine } from '../kubectl/klog.js';
import type { HttpExchange, StageError } from '../../kube/types.js';
import { isWrite, type TraceCommand, type TraceEnvironment } from '../command.js';
import { groupVersionPathsFromGroupList, resolveKind, resolveResource, resourcesFromAggregated, resourcesFromResourceList } from '../kubectl/discovery.js';
import type { DiscoveredResource } from '../kubectl/discovery.js';
import { discoveryAcceptOf, type KubectlBuild } from '../kubectl/identity.js';
import { DISCOVERY_CACHE_TTL_MS, DISCOVERY_DEFAULT_TIMEOUT_MS, JSON_ACCEPT, discoveryCacheDirName } from '../kubectl/model.js';
import { checkResponse, factsOf, kubectlHeaders, targetsOf, timeoutParam, withQuery } from '../kubectl/requests.js';
import type { DiscoveryData, ResourceMapping } from '../types.js';
import type { TraceSession } from './session.js';
import type { StepOutputs } from './types.js';

/** kubectl's discovery cache directory for a server (named after the server string, password and all). */
function cacheDirOf(env: TraceEnvironment, server: string): string {
  const root = env.env['KUBECACHEDIR'] ?? join(env.homeDir, '.kube', 'cache');
  return join(root, 'discovery', discoveryCacheDirName(server));
}

export function cacheState(env: TraceEnvironment, server: string): DiscoveryData['cache'] {
  const real = cacheDirOf(env, server);
  // Shown as if named after the masked server: no password on screen.
  const dir = cacheDirOf(env, displayUrl(server));
  try {
    const st = statSync(join(real, 'servergroups.json'));
    const age = Date.now() - st.mtimeMs;
    if (age < DISCOVERY_CACHE_TTL_MS) {
      return { dir, wouldUseCache: true, reason: `kubectl's discovery cache is ${Math.round(age / 60000)} min old (< 6 h): kubectl would skip these discovery requests; kube-trace sends them anyway to show them` };
    }
    return { dir, wouldUseCache: false, reason: `kubectl's discovery cache is older than 6 h: kubectl would refresh it with these requests` };
  } catch {
    return { dir, wouldUseCache: false, reason: `no discovery cache for this server: kubectl would send these requests (and write the cache)` };
  }
}

/** kubectl's disk cache: servergroups.json, then <group>/<version>/serverresources.json per group-version. */
export function readCachedResources(dir: string): DiscoveredResource[] {
  try {
    const paths = groupVersionPathsFromGroupList(JSON.parse(readFileSync(join(dir, 'servergroups.json'), 'utf8')));
    const out: DiscoveredResource[] = [];
    for (const p of paths) {
      const gv = p.replace(/^\/apis?\//, '');
      try {
        out.push(...resourcesFromResourceList(JSON.parse(readFileSync(join(dir, gv, 'serverresources.json'), 'utf8'))));
      } catch {
        // a group-version missing from the cache: kubectl would refetch it; skip
      }
    }
    return out;
  } catch {
    return [];
  }
}

class DiscoveryRefused extends Error {
  constructor(
    readonly error: StageError,
    readonly failure: NetworkFailure | null,
    readonly url: string,
  ) {
    super(error.message);
  }
}

/**
 * kubectl asks for the API group list five times before it gives up, when nothing is cached: the
 * shortcut expander, the deferred REST mapper after its reset and the resource builder each ask the
 * memory cache, which does not keep a failure. Seen in every kubectl 1.27–1.33, a few ms apart.
 */
export const DISCOVERY_ATTEMPTS = 5;

/** The discovery format the server answered in, from a response's Content-Type. */
function formatOf(contentType: string): DiscoveryData['format'] {
  if (!/as=APIGroupDiscoveryList/.test(contentType)) return 'legacy';
  return /v=v2beta1/.test(contentType) ? 'aggregated-v2beta1' : 'aggregated-v2';
}

/** What discovery found, and the documents kubectl would cache from it. */
interface Fetched {
  resources: DiscoveredResource[];
  files: DiscoveryCacheFiles;
}

async function fetchResources(cmd: TraceCommand, session: TraceSession, build: KubectlBuild, exchanges: HttpExchange[], found: { format: DiscoveryData['format'] }): Promise<Fetched> {
  const client = session.client();
  const timeoutMs = cmd.requestTimeoutMs > 0 ? cmd.requestTimeoutMs : DISCOVERY_DEFAULT_TIMEOUT_MS;
  const get = async (path: string, accept: string): Promise<unknown> => {
    const r = await client.send({ method: 'GET', pathAndQuery: withQuery(path, timeoutParam(timeoutMs)), headers: kubectlHeaders(session.kubectlSession, accept, build), timeoutMs });
    exchanges.push(session.record(r, { by: 'kubectl', purpose: 'discovery', method: 'GET' }));
    const checked = checkResponse(factsOf(r), `the discovery request GET ${path}`, '', { ignoreStatus: true });
    if ('error' in checked) throw new DiscoveryRefused(checked.error, r.failure, r.url);
    const format = formatOf(headerValue(r.responseHeaders, 'content-type') ?? '');
    if (format !== 'legacy') found.format = format;
    return checked.body;
  };
  const api = await get('/api', discoveryAcceptOf(build));
  const apis = await get('/apis', discoveryAcceptOf(build));
  if (found.format !== 'legacy') return { resources: [...resourcesFromAggregated(api), ...resourcesFromAggregated(apis)], files: cacheFilesFromAggregated(api, apis) };
  // Legacy discovery: one request per group-version.
  const resources: DiscoveredResource[] = [];
  const coreVersions = (api as { versions?: string[] } | undefined)?.versions ?? ['v1'];
  const lists = new Map<string, unknown>();
  for (const path of [...coreVersions.map((v) => `/api/${v}`), ...groupVersionPathsFromGroupList(apis)]) {
    const list = await get(path, JSON_ACCEPT);
    resources.push(...resourcesFromResourceList(list));
    lists.set(path.replace(/^\/apis?\//, ''), list);
  }
  const groups = (apis as { groups?: unknown[] } | undefined)?.groups ?? [];
  const core = { name: '', versions: coreVersions.map((v) => ({ groupVersion: v, version: v })), preferredVersion: { groupVersion: coreVersions[0], version: coreVersions[0] } };
  return { resources, files: { servergroups: { kind: 'APIGroupList', apiVersion: 'v1', groups: [core, ...groups] }, resources: lists } };
}

export async function discover(cmd: TraceCommand, env: TraceEnvironment, session: TraceSession, build: KubectlBuild): Promise<StepOutputs['discovery']> {
  const exchanges: HttpExchange[] = [];
  const cache = cacheState(env, session.kube().server);
  const found: { format: DiscoveryData['format'] } = { format: 'legacy' };
  const realDir = cacheDirOf(env, session.kube().server);
  // A fresh cache answers, and kubectl sends nothing; a word it does not know makes kubectl ask again.
  if (cache.wouldUseCache) {
    const cached = readCachedResources(realDir);
    const unknown = targetsOf(cmd).find((t) => resolveResource(t.resource, cached) === null);
    if (unknown === undefined) {
      return mapped(cmd, { exchanges, cache: { ...cache, reason: `kubectl's discovery cache is fresh (< 6 h): kubectl maps "${cmd.resource}" from it and sends no discovery request` }, format: 'cache' }, cached);
    }
    cache.reason = `kubectl's discovery cache does not know "${unknown.resource}": kubectl asks the server again (and rewrites the cache)`;
  }
  let resources: DiscoveredResource[];
  try {
    const fetched = await fetchResources(cmd, session, build, exchanges, found);
    resources = fetched.resources;
    // kubectl writes what it learnt; the next run (kubectl's or kube-trace's) answers from it.
    writeDiscoveryCache(realDir, fetched.files);
  } catch (e) {
    if (!(e instanceof DiscoveryRefused)) throw e;
    const retried = await retry(cmd, session, build, exchanges, found, e);
    if ('error' in retried) return { ok: false, error: retried.error, discovery: { exchanges, cache, format: found.format, log: retried.log } };
    writeDiscoveryCache(realDir, retried.files);
    return mapped(cmd, { exchanges, cache, format: found.format, log: retried.log }, retried.resources);
  }
  return mapped(cmd, { exchanges, cache, format: found.format }, resources);
}

/** Asks again as kubectl does after a failure, logging each failed attempt as kubectl logs it. */
async function retry(cmd: TraceCommand, session: TraceSession, build: KubectlBuild, exchanges: HttpExchange[], found: { format: DiscoveryData['format'] }, first: DiscoveryRefused): Promise<(Fetched & { log: string[] }) | { error: StageError; log: string[] }> {
  const line = (e: DiscoveryRefused): string => memcacheLine(build, new Date(), process.pid, discoveryGoError(e.error, e.failure, e.url));
  const log = [line(first)];
  let last = first;
  for (let attempt = 2; attempt <= DISCOVERY_ATTEMPTS; attempt++) {
    try {
      return { ...(await fetchResources(cmd, session, build, exchanges, found)), log };
    } catch (again) {
      if (!(again instanceof DiscoveryRefused)) throw again;
      last = again;
      log.push(line(again));
    }
  }
  return { error: last.error, log };
}

/** The mapping of each type the learner typed, or kubectl's error for the first the server does not have. */
function mapped(cmd: TraceCommand, discovery: DiscoveryData, resources: DiscoveredResource[]): StepOutputs['discovery'] {
  const mappings: ResourceMapping[] = [];
  // apply / create -f: each object's apiVersion and kind, as the RESTMapper maps them.
  if (isWrite(cmd) && (cmd.write.verb === 'apply' || cmd.write.verb === 'create') && Array.isArray(cmd.write.objects)) {
    for (const o of cmd.write.objects) {
      const m = resolveKind(o.apiVersion, o.kind, resources);
      if (!m) {
        return {
          ok: false,
          discovery,
          error: {
            kind: 'not-found',
            message: `The server's discovery documents list no kind "${o.kind}" in version "${o.apiVersion}".`,
            hint: 'Check apiVersion and kind; `kubectl api-resources` lists what this server serves (a custom resource needs its CRD first).',
            kubectlMessage: `error: resource mapping not found for name: ${JSON.stringify(o.name)} namespace: ${JSON.stringify(o.namespace ?? '')} from ${JSON.stringify(cmd.write.file)}: no matches for kind ${JSON.stringify(o.kind)} in version ${JSON.stringify(o.apiVersion)}\nensure CRDs are installed first`,
          },
        };
      }
      mappings.push(m);
    }
    const first = mappings[0];
    if (first === undefined) return { ok: false, discovery, error: { kind: 'usage', message: 'The manifest holds no object.', hint: 'Give a file with at least one object.', kubectlMessage: `error: no objects passed to ${cmd.verb}` } };
    return { ok: true, discovery, mapping: first, mappings };
  }
  for (const t of targetsOf(cmd)) {
    const m = resolveResource(t.resource, resources);
    if (!m) {
      return {
        ok: false,
        discovery,
        error: {
          kind: 'not-found',
          message: `The server's discovery documents list no resource type "${t.resource}".`,
          hint: 'Check the spelling; `kubectl api-resources` lists the types this server serves.',
          kubectlMessage: `error: the server doesn't have a resource type "${t.resource}"`,
        },
      };
    }
    mappings.push(m);
  }
  const first = mappings[0];
  if (first === undefined) return { ok: false, discovery, error: { kind: 'usage', message: 'No resource type was given.', hint: 'Name one: kube-trace get pods.', kubectlMessage: 'error: Required resource not specified.' } };
  return { ok: true, discovery, mapping: first, mappings };
}
