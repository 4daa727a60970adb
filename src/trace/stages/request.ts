// Stage 3: discovery (really sent, as kubectl does with a cold cache), the resource mapping, and the
// list request kubectl would send next — planned here, sent in the authz stage.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialError, EXEC_PLUGIN_TIMEOUT_MS, credentialStageError, credentialsFor } from '../../kube/credentials.js';
import { ObservedClient } from '../../kube/observed-http.js';
import { StageFailure, headerValue } from '../context.js';
import type { TraceContext } from '../context.js';
import { groupVersionPathsFromGroupList, resolveResource, resourcesFromAggregated, resourcesFromResourceList } from '../discovery.js';
import type { DiscoveredResource } from '../discovery.js';
import { DISCOVERY_ACCEPT, DISCOVERY_CACHE_TTL_MS, DISCOVERY_DEFAULT_TIMEOUT_MS, JSON_ACCEPT, TABLE_ACCEPT, discoveryCacheDirName } from '../kubectl-model.js';
import { checkResponse, kubectlHeaders, timeoutParam, withQuery } from '../kubectl-requests.js';
import type { DiscoveryData, HttpExchange, KubeconfigData, NameValue, PlannedRequest, RequestData, ResourceMapping, StageError } from '../types.js';

function cacheState(ctx: TraceContext, server: string): DiscoveryData['cache'] {
  const root = ctx.env.env.KUBECACHEDIR ?? join(ctx.env.homeDir, '.kube', 'cache');
  const dir = join(root, 'discovery', discoveryCacheDirName(server));
  try {
    const st = statSync(join(dir, 'servergroups.json'));
    const age = Date.now() - st.mtimeMs;
    if (age < DISCOVERY_CACHE_TTL_MS) {
      return { dir, wouldUseCache: true, reason: `kubectl's discovery cache is ${Math.round(age / 60000)} min old (< 6 h): kubectl would skip these discovery requests; kube-trace sends them anyway to show them` };
    }
    return { dir, wouldUseCache: false, reason: `kubectl's discovery cache is older than 6 h: kubectl would refresh it with these requests` };
  } catch {
    return { dir, wouldUseCache: false, reason: `no discovery cache for this server: kubectl would send these requests (and write the cache)` };
  }
}

async function discover(ctx: TraceContext, client: ObservedClient): Promise<{ discovery: DiscoveryData; resources: DiscoveredResource[] }> {
  const exchanges: HttpExchange[] = [];
  const timeoutMs = ctx.cmd.requestTimeoutMs > 0 ? ctx.cmd.requestTimeoutMs : DISCOVERY_DEFAULT_TIMEOUT_MS;
  const cache = cacheState(ctx, ctx.kube!.server);
  let format: DiscoveryData['format'] = 'legacy';
  const resources: DiscoveredResource[] = [];
  const get = async (path: string, accept: string): Promise<unknown> => {
    const r = await client.send({ method: 'GET', pathAndQuery: withQuery(path, timeoutParam(timeoutMs)), headers: kubectlHeaders(ctx, accept), timeoutMs });
    exchanges.push(ctx.toExchange(r, { by: 'kubectl', purpose: 'discovery', method: 'GET' }));
    const checked = checkResponse(r, `the discovery request GET ${path}`, '', { ignoreStatus: true });
    if ('error' in checked) throw new StageFailure<'request'>(checked.error, null);
    const ct = headerValue(r.responseHeaders, 'content-type') ?? '';
    if (/as=APIGroupDiscoveryList/.test(ct)) format = /v=v2beta1/.test(ct) ? 'aggregated-v2beta1' : 'aggregated-v2';
    return checked.body;
  };
  try {
    const api = await get('/api', DISCOVERY_ACCEPT);
    const apis = await get('/apis', DISCOVERY_ACCEPT);
    if (format !== 'legacy') {
      resources.push(...resourcesFromAggregated(api), ...resourcesFromAggregated(apis));
    } else {
      // Legacy discovery: one request per group-version.
      const versions = ((api as { versions?: string[] })?.versions ?? ['v1']).map((v) => `/api/${v}`);
      for (const path of [...versions, ...groupVersionPathsFromGroupList(apis)]) {
        resources.push(...resourcesFromResourceList(await get(path, JSON_ACCEPT)));
      }
    }
  } catch (e) {
    if (!(e instanceof StageFailure)) throw e;
    // With a fresh cache kubectl would not have sent discovery at all: it maps the resource from the
    // cache and its first request is the list. Do the same when the server refused discovery.
    const lastStatus = exchanges[exchanges.length - 1]?.status ?? null;
    const cached = cache.wouldUseCache && lastStatus !== null ? readCachedResources(cache.dir) : [];
    if (cached.length === 0) throw new StageFailure<'request'>(e.error, null);
    cache.reason = `discovery failed here (${lastStatus}), but kubectl's fresh cache in ${cache.dir} has the mapping: kubectl would not have asked, so kube-trace goes on with the cached mapping`;
    return { discovery: { exchanges, cache, format: 'legacy' }, resources: cached };
  }
  return { discovery: { exchanges, cache, format }, resources };
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

export function resourcePath(m: ResourceMapping, namespace: string | null, name: string | null): string {
  const ns = m.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${m.groupVersionPath}${ns}/${m.resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

/** The query kubectl sends (before url.Values.Encode sorts it): selectors, paging, timeout. */
export function listQuery(ctx: TraceContext, continueToken: string | null): NameValue[] {
  const { cmd } = ctx;
  if (cmd.resourceName) return timeoutParam(cmd.requestTimeoutMs);
  const q: NameValue[] = [];
  if (cmd.labelSelector) q.push({ name: 'labelSelector', value: cmd.labelSelector });
  if (cmd.fieldSelector) q.push({ name: 'fieldSelector', value: cmd.fieldSelector });
  if (cmd.chunkSize > 0) q.push({ name: 'limit', value: String(cmd.chunkSize) });
  if (continueToken) q.push({ name: 'continue', value: continueToken });
  q.push(...timeoutParam(cmd.requestTimeoutMs));
  return q.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function shellSingle(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A copy-ready curl line; credentials appear as file names or shell variables, never inline. */
export function curlLine(kc: KubeconfigData, headers: NameValue[], url: string): string {
  const parts = ['curl', '-sS'];
  const trust = kc.cluster.trust;
  if (trust.kind === 'insecure-skip-verify') parts.push('-k');
  else if (trust.kind === 'ca-file' && trust.caFile) parts.push('--cacert', shellSingle(trust.caFile));
  else if (trust.kind === 'ca-data') parts.push('--cacert', '"$CA_FILE"');
  const auth = kc.user.auth;
  if (auth.kind === 'client-certificate') {
    const certFile = auth.clientCertificate?.file;
    parts.push('--cert', certFile ? shellSingle(certFile) : '"$CLIENT_CERT_FILE"', '--key', '"$CLIENT_KEY_FILE"');
  }
  for (const h of headers) {
    if (h.name === 'Host' || h.name === 'Accept-Encoding') continue;
    if (h.name === 'Authorization') {
      parts.push('-H', h.value.startsWith('Basic') ? '"Authorization: Basic $BASIC_AUTH"' : '"Authorization: Bearer $TOKEN"');
      continue;
    }
    parts.push('-H', shellSingle(`${h.name}: ${h.value}`));
  }
  parts.push(shellSingle(url));
  return parts.join(' ');
}

export async function requestStage(ctx: TraceContext): Promise<RequestData> {
  const kube = ctx.kube!;
  const kcData = ctx.data.kubeconfig!;
  let client: ObservedClient;
  try {
    // An exec plugin gets the request timeout when one is set (it is part of sending the request).
    const execTimeout = ctx.cmd.requestTimeoutMs > 0 ? ctx.cmd.requestTimeoutMs : EXEC_PLUGIN_TIMEOUT_MS;
    client = ctx.track(new ObservedClient(kube.server, await credentialsFor(kube.kc, execTimeout)));
  } catch (e) {
    if (e instanceof CredentialError) throw new StageFailure<'request'>(credentialStageError(e.problem));
    throw e;
  }
  ctx.client = client;
  const { discovery, resources } = await discover(ctx, client);
  const mapping = resolveResource(ctx.cmd.resource, resources);
  if (!mapping) {
    throw new StageFailure<'request'>({
      kind: 'not-found',
      message: `The server's discovery documents list no resource type "${ctx.cmd.resource}".`,
      hint: 'Check the spelling; `kubectl api-resources` lists the types this server serves.',
      kubectlMessage: `error: the server doesn't have a resource type "${ctx.cmd.resource}"`,
    });
  }
  const humanReadable = ctx.cmd.output === 'table' || ctx.cmd.output === 'wide';
  const accept = humanReadable ? TABLE_ACCEPT : JSON_ACCEPT;
  const namespace = ctx.cmd.allNamespaces && !ctx.cmd.resourceName ? null : kcData.namespace.value || 'default';
  const path = resourcePath(mapping, namespace, ctx.cmd.resourceName);
  const query = listQuery(ctx, null);
  const pathAndQuery = withQuery(path, query);
  const url = client.urlFor(pathAndQuery);
  const headers = client.headersFor({ headers: kubectlHeaders(ctx, accept) }).masked;
  const request: PlannedRequest = {
    method: 'GET',
    url,
    path,
    query,
    headers,
    curl: curlLine(kcData, headers, url),
    accept,
    asTable: humanReadable,
    chunkSize: ctx.cmd.resourceName ? 0 : ctx.cmd.chunkSize,
  };
  return { discovery, mapping, request };
}
