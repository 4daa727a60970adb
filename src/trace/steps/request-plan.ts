// Step "requestPlan": the request kubectl sends after discovery, exactly as it will go on the wire
// (the client adds what its transport adds: Authorization, masked here). Nothing is sent.
import type { GetCommand } from '../command.js';
import type { KubectlBuild } from '../kubectl/identity.js';
import { JSON_ACCEPT, TABLE_ACCEPT } from '../kubectl/model.js';
import { chunkSizeOf, forTarget, kubectlHeaders, listQuery, requestNeeds, resourcePath, targetsOf, withQuery } from '../kubectl/requests.js';
import { pathRefusal, refusalError } from '../kubectl/path-segment.js';
import { expand, lit, shellLine, type ShellWord } from '../../text/shell.js';
import type { KubeconfigData, NameValue, PlannedRequest, ResourceMapping } from '../types.js';
import type { TraceSession } from './session.js';

/** A copy-ready curl line; credentials appear as file names or shell variables, never inline. */
export function curlWords(kc: KubeconfigData, headers: NameValue[], url: string): ShellWord[] {
  const words: ShellWord[] = [lit('curl'), lit('-sS')];
  const trust = kc.cluster.trust;
  if (trust.kind === 'insecure-skip-verify') words.push(lit('-k'));
  else if (trust.kind === 'ca-file' && trust.caFile) words.push(lit('--cacert'), lit(trust.caFile));
  else if (trust.kind === 'ca-data') words.push(lit('--cacert'), expand('$CA_FILE'));
  const auth = kc.user.auth;
  if (auth.kind === 'client-certificate') {
    const certFile = auth.clientCertificate?.file;
    words.push(lit('--cert'), certFile ? lit(certFile) : expand('$CLIENT_CERT_FILE'), lit('--key'), expand('$CLIENT_KEY_FILE'));
  }
  for (const h of headers) {
    // HTTP/2 names are lower-case; pseudo-headers and what curl adds itself are left out.
    const name = h.name.toLowerCase();
    if (name.startsWith(':') || name === 'host' || name === 'accept-encoding') continue;
    if (name === 'authorization') {
      words.push(lit('-H'), expand(h.value.startsWith('Basic') ? 'Authorization: Basic $BASIC_AUTH' : 'Authorization: Bearer $TOKEN'));
      continue;
    }
    words.push(lit('-H'), lit(`${h.name}: ${h.value}`));
  }
  words.push(lit(url));
  return words;
}

/** One request per target, as kubectl will send them. */
export function planRequests(cmd: GetCommand, kc: KubeconfigData, mappings: ResourceMapping[], session: TraceSession, build: KubectlBuild): { requests: PlannedRequest[] } {
  const requests: PlannedRequest[] = [];
  targetsOf(cmd).forEach((t, i) => {
    const mapping = mappings[i];
    if (mapping) requests.push(planRequest(forTarget(cmd, t), kc, mapping, session, build));
  });
  return { requests };
}

export function planRequest(cmd: GetCommand, kc: KubeconfigData, mapping: ResourceMapping, session: TraceSession, build: KubectlBuild): PlannedRequest {
  const client = session.client();
  // A Table only for the human-readable printers; whole objects for every other (get.go transformRequests).
  const asTable = requestNeeds(cmd).asTable;
  const accept = asTable ? TABLE_ACCEPT : JSON_ACCEPT;
  const namespace = cmd.allNamespaces && !cmd.resourceName ? null : kc.namespace.value || 'default';
  const path = resourcePath(mapping, namespace, cmd.resourceName);
  const query = listQuery(cmd, null);
  const url = client.urlFor(withQuery(path, query));
  // As the transport will write them on the connection discovery opened (HTTP/2 pseudo-headers included).
  const headers = client.headersFor({ method: 'GET', pathAndQuery: withQuery(path, query), headers: kubectlHeaders(session.kubectlSession, accept, build) }, client.protocol() ?? undefined).masked;
  const curlArgs = curlWords(kc, headers, url);
  const refusal = pathRefusal(namespace, mapping.namespaced, cmd.resourceName);
  return {
    method: 'GET',
    url,
    path,
    namespace: mapping.namespaced ? namespace : null,
    query,
    headers,
    curl: shellLine(curlArgs),
    curlArgs,
    accept,
    asTable,
    chunkSize: chunkSizeOf(cmd),
    ...(refusal ? { refused: refusalError(refusal, kc.namespace.source === 'context') } : {}),
  };
}
