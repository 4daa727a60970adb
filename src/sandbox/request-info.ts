// kube-apiserver's RequestInfoFactory, reduced: which verb, group, resource, namespace and name a
// URL and method mean, so the authorizer and the handlers agree on the request's attributes.

export interface RequestInfo {
  resourceRequest: boolean;
  path: string;
  verb: string;
  apiPrefix: string; // 'api' | 'apis' | ''
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = { resourceRequest: false, path, verb: method.toLowerCase(), apiPrefix: '', apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '' };
  const parts = path.replace(/^\/+|\/+$/g, '').split('/').filter((p) => p !== '');
  const prefix = parts[0];
  if (prefix !== 'api' && prefix !== 'apis') return info;
  let cur = parts.slice(1);
  info.apiPrefix = prefix;
  if (prefix === 'apis') {
    if (cur.length < 3) return info; // /apis, /apis/<group>, /apis/<group>/<version> are discovery
    info.apiGroup = cur[0] as string;
    cur = cur.slice(1);
  } else if (cur.length < 2) {
    return info; // /api, /api/v1
  }
  info.apiVersion = cur[0] as string;
  cur = cur.slice(1);
  info.resourceRequest = true;
  const verbs: Record<string, string> = { post: 'create', get: 'get', head: 'get', put: 'update', patch: 'patch', delete: 'delete' };
  info.verb = verbs[info.verb] ?? info.verb;
  if (cur[0] === 'namespaces') {
    if (cur.length > 1) {
      info.namespace = cur[1] as string;
      if (cur.length > 2 && !NAMESPACE_SUBRESOURCES.has(cur[2] as string)) cur = cur.slice(2);
    }
  }
  info.resource = cur[0] ?? '';
  info.name = cur[1] ?? '';
  info.subresource = cur[2] ?? '';
  if (info.name === '') {
    if (info.verb === 'get') info.verb = 'list';
    if (info.verb === 'delete') info.verb = 'deletecollection';
  }
  const watch = query.get('watch');
  if ((info.verb === 'list' || info.verb === 'get') && (watch === '1' || watch === 'true')) info.verb = 'watch';
  return info;
}
