// Stage "etcd": what the response says about storage. A list's resourceVersion is the etcd revision it
// was read at; each object's resourceVersion is its key's mod revision. Keys are shown by convention
// (kube-apiserver's default /registry prefix); only the sandbox can show the real read.
import { peekContinue } from '../../apimachinery/continue-token.js';
import { storageKey, storagePrefix } from '../../apimachinery/storage-keys.js';
import { pageRead, UNKNOWN_SERVER_READ } from '../apiserver/storage-path.js';
import { parseVersion } from '../kubectl/identity.js';
import type { DecodedContinue, EtcdData } from '../types.js';
import { failed, missing, notReached, ok, type StageDef } from './outcome.js';
import { ignoredNotFound, isList, itemMetadata, targetError, targetViews, type ItemMeta } from './pages.js';

/** A list's continue token as kube-apiserver's etcd3 storage writes it, decoded for display. */
export function continueForDisplay(raw: string): DecodedContinue {
  return { raw, decoded: peekContinue(raw) };
}

export const etcdStage: StageDef<'etcd'> = {
  needs: ['versions', 'list', 'glassBox'],
  project: ({ cmd, steps, stoppedAt }) => {
    const { list } = steps;
    if (list === undefined) return missing('etcd', 'list', stoppedAt);
    const views = targetViews(cmd, steps);
    const firstView = views?.[0];
    if (views === null || firstView === undefined) return missing('etcd', 'discovery', stoppedAt);
    const status = list.pages[0]?.exchange.status ?? null;
    if (stoppedAt !== null && status === null) return notReached('No response arrived, so the API server never read its storage for this request.');
    if (stoppedAt !== null && (status === 401 || status === 403)) {
      return notReached(`The API server answered ${status} ${status === 401 ? 'before it knew who you are' : 'because authorization denied the request'}: it refuses before it reads storage, so etcd was never asked.`);
    }
    // kubectl sends no resourceVersion: each page's read follows the server version's rules.
    const server = steps.versions?.data.server.info ?? null;
    const minor = server ? (parseVersion(server.gitVersion)?.minor ?? null) : null;
    const items: EtcdData['items'] = [];
    const pages: EtcdData['pages'] = [];
    let listRv: string | null = null;
    for (const v of views) {
      const { resource, group } = v.mapping;
      v.pages.forEach((p, pageOfTarget) => {
        const listed = isList(p.body);
        const metas = listed ? itemMetadata(p.body) : [];
        const listMeta = (p.body as { metadata?: ItemMeta } | undefined)?.metadata;
        const rv = listed ? (listMeta?.resourceVersion ?? null) : null;
        if (rv) listRv = rv;
        for (const m of listed ? metas : itemMetadata(p.body)) {
          items.push({ namespace: m.namespace ?? '', name: m.name ?? '', resourceVersion: m.resourceVersion ?? '', key: storageKey(group, resource, m.namespace ?? '', m.name ?? '') });
        }
        const expectedRead = minor === null ? null : pageRead(minor, { resourceVersion: null, resourceVersionMatch: null, continued: pageOfTarget > 0 });
        const remaining = (listMeta as { remainingItemCount?: unknown } | undefined)?.remainingItemCount;
        pages.push({ exchangeId: p.exchange.id, resourceVersion: rv, itemCount: metas.length || (listed ? 0 : itemMetadata(p.body).length), continue: listMeta?.continue ? continueForDisplay(listMeta.continue) : null, remainingItemCount: typeof remaining === 'number' ? remaining : null, expectedRead });
      });
    }
    const storage = steps.glassBox?.record?.storage ?? null;
    const keyRules = views.map((v) => `${storagePrefix(v.mapping.group, v.mapping.resource)}/${v.mapping.namespaced ? '<namespace>/' : ''}<name>`);
    const data: EtcdData = {
      listResourceVersion: listRv,
      items,
      keyNote: `storage keys by kube-apiserver's rule (${[...new Set(keyRules)].join(', ')} under its default /registry prefix); a client cannot see the real key, and a server may be run with another prefix`,
      apiServer: steps.config?.ok ? steps.config.server : '',
      // kubectl sends no resourceVersion: a consistent list (where it is read depends on the version: pages[].expectedRead).
      consistentRead: true,
      pages,
      readsFor: { serverVersion: server?.gitVersion ?? null, note: server ? `the rules of kube-apiserver ${server.gitVersion}` : UNKNOWN_SERVER_READ },
      insideApiServer: storage,
      insideApiServerNote: storage
        ? 'the storage read the sandbox API server really did for this request'
        : 'not observable on a remote cluster: only the API server talks to etcd; the resourceVersions above are the revisions etcd reported',
    };
    // A named object that does not exist fails here: storage had no such key (kubectl's message may
    // name the namespace instead, when that is missing too).
    for (const v of views) {
      const first = v.pages[0];
      if (first?.exchange.status !== 404 || v.cmd.resourceName === null || ignoredNotFound(v, first)) continue;
      const error = targetError(v);
      if (error) return failed(error, data);
    }
    return ok(data);
  },
};
