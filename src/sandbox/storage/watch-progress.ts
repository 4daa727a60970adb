// Whether a store can back consistent lists from the watch cache. kube-apiserver (≥1.31) serves a list
// without resourceVersion from its cache only when every etcd endpoint supports RequestWatchProgress
// correctly: etcd ≥3.4.31 on the 3.4 line, ≥3.5.13 on 3.5, any 3.6+ (storage/feature/
// feature_support_checker.go, etcd issues 15220 and 17507). Otherwise it reads etcd, as before 1.31.
// The in-memory store is the sandbox's own: its cache reads it directly, so it needs no progress notify.

import type { Storage } from './types.js';

export type WatchProgressSupport = { supported: true } | { supported: false; why: string };

export function watchProgressSupport(storage: Storage): WatchProgressSupport {
  if (storage.backend !== 'etcd') return { supported: true };
  const v = storage.serverVersion ?? '';
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  if (!m) return { supported: false, why: `the etcd version "${v}" could not be read, and kube-apiserver then assumes no RequestWatchProgress` };
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const below = (a: number, b: number, c: number): boolean => major < a || (major === a && (minor < b || (minor === b && patch < c)));
  const ok = !below(3, 4, 31) && !(major === 3 && minor === 5 && patch < 13);
  return ok ? { supported: true } : { supported: false, why: `etcd ${v} has no reliable RequestWatchProgress (kube-apiserver needs etcd ≥3.4.31 or ≥3.5.13 to serve consistent lists from its watch cache)` };
}
