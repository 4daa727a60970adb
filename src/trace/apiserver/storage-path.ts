// Where kube-apiserver serves a list from, by version — what a client can know about the storage read
// without seeing it. From the apiserver source (staging/src/k8s.io/apiserver/pkg/storage/cacher:
// cacher.go and, from v1.31, delegator.go shouldDelegateList) and KEP-2340 (Consistent reads from cache)
// and KEP-4988 (list from cache snapshots); checked against the v1.28.7 and v1.33.3 captures (their
// /metrics show where a consistent list was served from).

export type ServedFrom = 'etcd' | 'watch-cache';

export interface PageRead {
  /** Where this page is read, for this server version. */
  servedFrom: ServedFrom;
  /** For a watch-cache read of a consistent list: the quorum read of the current revision that comes first. */
  revisionCheck: boolean;
  /** The rule, with the versions it holds for. */
  why: string;
}

export interface ListQueryFacts {
  /** resourceVersion sent with the list: kubectl sends none (a consistent list). */
  resourceVersion: string | null;
  resourceVersionMatch: string | null;
  /** A continue token (a later page). */
  continued: boolean;
}

/**
 * The read for one page of a list, for a server minor version (1.x). null minor: not known — then
 * the answer is the rule for each range of versions, said as such by `unknownServer`.
 */
export function pageRead(minor: number, q: ListQueryFacts): PageRead {
  if (q.resourceVersion === '0') {
    return { servedFrom: 'watch-cache', revisionCheck: false, why: 'resourceVersion=0 means "any version": every kube-apiserver serves it from its watch cache, which may lag behind etcd, and ignores limit' };
  }
  if (q.resourceVersionMatch === 'Exact') return { servedFrom: 'etcd', revisionCheck: false, why: 'resourceVersionMatch=Exact reads etcd at that revision (before v1.34)' };
  if (q.continued) {
    if (minor >= 34) return { servedFrom: 'watch-cache', revisionCheck: false, why: 'since v1.34 (ListFromCacheSnapshot, beta and on by default) a continue page can be served from a snapshot of the watch cache at the first page\'s revision' };
    return { servedFrom: 'etcd', revisionCheck: false, why: 'up to v1.33 a continue page is read from etcd, at the revision in the continue token' };
  }
  if (q.resourceVersion === null || q.resourceVersion === '') {
    if (minor >= 31) {
      return {
        servedFrom: 'watch-cache',
        revisionCheck: true,
        why: 'since v1.31 (ConsistentListFromCache, beta and on by default; GA in v1.34) a consistent list is served from the watch cache once it has caught up with etcd\'s current revision, which kube-apiserver learns with a limit=1 quorum read (it needs etcd ≥ 3.4.31 or 3.5.13, and falls back to etcd when the cache cannot catch up in time)',
      };
    }
    return { servedFrom: 'etcd', revisionCheck: false, why: 'up to v1.30 a consistent list (no resourceVersion, what kubectl sends) is a quorum range read from etcd' };
  }
  return { servedFrom: 'watch-cache', revisionCheck: false, why: 'a list at a given resourceVersion (NotOlderThan) is served from the watch cache once it has that revision' };
}

/** When the server's version is unknown: the rule by version range, for the first page. */
export const UNKNOWN_SERVER_READ =
  'The server\'s version is not known, so where this list was read depends on it: up to v1.30 a consistent list is a quorum range read from etcd; from v1.31 it is served from the watch cache after a limit=1 quorum read of etcd\'s current revision.';
