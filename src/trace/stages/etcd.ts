// Stage 5: what the response says about storage. A list's resourceVersion is the etcd revision it
// was read at; each object's resourceVersion is its key's mod revision. Keys are shown by convention
// (kube-apiserver's default /registry prefix); only the sandbox can show the real read.
import { StageFailure } from '../context.js';
import type { TraceContext } from '../context.js';
import { checkResponse, rawPrefixFor, listContextFor } from '../kubectl-requests.js';
import type { DecodedContinue, EtcdData } from '../types.js';

interface Meta {
  name?: string;
  namespace?: string;
  resourceVersion?: string;
  continue?: string;
}

/** Base64 JSON {"v":"meta.k8s.io/v1","rv":N,"start":"key"}, as kube-apiserver's etcd3 storage writes it. */
export function decodeContinue(raw: string): DecodedContinue {
  try {
    const text = Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object') return { raw, decoded: null };
    const o = v as { v?: unknown; rv?: unknown; start?: unknown };
    const decoded: NonNullable<DecodedContinue['decoded']> = {};
    if (typeof o.v === 'string') decoded.v = o.v;
    if (typeof o.rv === 'number') decoded.rv = o.rv;
    if (typeof o.start === 'string') decoded.start = o.start;
    return { raw, decoded };
  } catch {
    return { raw, decoded: null };
  }
}

/** Item metadata of a Table (rows[].object), a list (items[]) or a single object. */
export function itemMetadata(body: unknown): Meta[] {
  const b = body as { kind?: string; rows?: { object?: { metadata?: Meta } }[]; items?: { metadata?: Meta }[]; metadata?: Meta };
  if (!b || typeof b !== 'object') return [];
  if (b.kind === 'Table') return (b.rows ?? []).map((r) => r.object?.metadata ?? {});
  if (Array.isArray(b.items)) return b.items.map((i) => i.metadata ?? {});
  if (b.metadata?.name) return [b.metadata];
  return [];
}

function isList(body: unknown): boolean {
  const b = body as { kind?: string; items?: unknown };
  return b?.kind === 'Table' || Array.isArray(b?.items);
}

export function etcdStage(ctx: TraceContext): EtcdData {
  const resource = ctx.data.request!.mapping.resource;
  const group = ctx.data.request!.mapping.group;
  const prefix = group === '' ? `/registry/${resource}` : `/registry/${group}/${resource}`;
  const keyOf = (ns: string, name: string): string => (ns ? `${prefix}/${ns}/${name}` : `${prefix}/${name}`);
  const items: EtcdData['items'] = [];
  const pages: EtcdData['pages'] = [];
  let listRv: string | null = null;
  for (const p of ctx.pages) {
    const metas = isList(p.body) ? itemMetadata(p.body) : [];
    const listMeta = (p.body as { metadata?: Meta } | undefined)?.metadata;
    const rv = isList(p.body) ? (listMeta?.resourceVersion ?? null) : null;
    if (rv) listRv = rv;
    for (const m of isList(p.body) ? metas : itemMetadata(p.body)) {
      items.push({ namespace: m.namespace ?? '', name: m.name ?? '', resourceVersion: m.resourceVersion ?? '', key: keyOf(m.namespace ?? '', m.name ?? '') });
    }
    pages.push({ exchangeId: p.exchange.id, resourceVersion: rv, itemCount: metas.length || (isList(p.body) ? 0 : itemMetadata(p.body).length), continue: listMeta?.continue ? decodeContinue(listMeta.continue) : null });
  }
  const data: EtcdData = {
    listResourceVersion: listRv,
    items,
    keyNote: `storage keys by convention (${prefix}/<namespace>/<name> under kube-apiserver's default /registry prefix); a client cannot see the real key, and the server may use another prefix`,
    consistentRead: true, // kubectl sends no resourceVersion: a quorum read from etcd, not the watch cache
    pages,
    insideApiServer: ctx.glassBox?.storage ?? null,
    insideApiServerNote: ctx.glassBox?.storage
      ? 'the storage read the sandbox API server really did for this request'
      : 'not observable on a remote cluster: only the API server talks to etcd; the resourceVersions above are the revisions etcd reported',
  };
  // A named object that does not exist fails here: storage had no such key.
  const first = ctx.pages[0];
  if (first && first.response.status === 404 && ctx.cmd.resourceName) {
    const checked = checkResponse(first.response, `the request GET ${ctx.data.request!.request.path}`, resource, { name: ctx.cmd.resourceName, rawPrefix: rawPrefixFor(ctx.cmd.output), list: listContextFor(ctx) });
    if ('error' in checked) throw new StageFailure<'etcd'>(checked.error, data);
  }
  return data;
}
