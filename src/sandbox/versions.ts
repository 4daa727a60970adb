// The kube-apiserver versions the sandbox can be, each held to real captures: v1.28.7
// (test/fixtures/real-apiserver) and v1.33.3 (test/fixtures/real-apiserver-v1.33, whose README lists
// every difference). Only what the captures and the apiserver source say differs is a switch here.

import type { AggregatedDiscoveryVersion, DiscoveryData } from './discovery.js';
import { DISCOVERY_V1_28 } from './discovery-data-v1.28.js';
import { DISCOVERY_V1_33 } from './discovery-data-v1.33.js';
import { withWriteKinds } from './writes/kinds.js';

export const SERVER_VERSIONS = ['1.28', '1.33'] as const;
export type ServerVersion = (typeof SERVER_VERSIONS)[number];
/** The newest version the sandbox can be. */
export const DEFAULT_SERVER_VERSION: ServerVersion = '1.33';

export function isServerVersion(v: string): v is ServerVersion {
  return (SERVER_VERSIONS as readonly string[]).includes(v);
}

export interface VersionProfile {
  version: ServerVersion;
  minor: number;
  /** GET /version, as the captured build reported itself (field order as Go's version.Info). */
  info: Readonly<Record<string, string>>;
  /** The one aggregated-discovery version served: v2beta1 in 1.28 (v2 from 1.30), v2 only in 1.33 (v2beta1 off by default). */
  aggregatedDiscovery: AggregatedDiscoveryVersion;
  discovery: DiscoveryData;
  /**
   * ConsistentListFromCache (beta and on by default since 1.31): a list without resourceVersion is
   * served from the watch cache after a limit=1 read of the resource prefix tells the current revision
   * (cacher/delegator.go, storage.GetCurrentResourceVersionFromStorage). Before, it is an etcd range read.
   */
  consistentListFromCache: boolean;
  /**
   * The watch cache pages lists with a limit (resourceVersion other than "0"), handing out continue
   * tokens whose start key keeps the cache key's leading slash (cacher.go computeListLimit,
   * storage.PrepareContinueToken). In 1.28 the cache never pages: a limited list goes to etcd.
   */
  cachePagesLists: boolean;
  /** UnauthenticatedHTTP2DOSMitigation: beta, off by default in 1.28.3+, on from 1.29. */
  goawayUnauthenticatedHttp2: boolean;
  /** SelfSubjectReview's extra authentication.kubernetes.io/credential-id: X509SHA256=… for client certificates (seen in v1.33.3, not v1.28.7). */
  x509CredentialId: boolean;
  /** Pods get metadata.generation (1 on create, 2 once deleted) in 1.33; 1.28 leaves it unset. */
  podGeneration: boolean;
}

const V1_28: VersionProfile = {
  version: '1.28',
  minor: 28,
  info: {
    major: '1',
    minor: '28',
    gitVersion: 'v1.28.7',
    gitCommit: '9258ab62ed50ee9f1715cbb078b1e760e823bfcb',
    gitTreeState: 'clean',
    buildDate: '2026-11-28T02:17:36Z',
    goVersion: 'go1.21.13',
    compiler: 'gc',
    platform: 'linux/amd64',
  },
  aggregatedDiscovery: 'v2beta1',
  discovery: DISCOVERY_V1_28,
  consistentListFromCache: false,
  cachePagesLists: false,
  goawayUnauthenticatedHttp2: false,
  x509CredentialId: false,
  podGeneration: false,
};

const V1_33: VersionProfile = {
  version: '1.33',
  minor: 33,
  info: {
    major: '1',
    minor: '33',
    emulationMajor: '1',
    emulationMinor: '33',
    minCompatibilityMajor: '1',
    minCompatibilityMinor: '32',
    gitVersion: 'v1.33.3',
    gitCommit: '80779bd6ff08b451e1c165a338a7b69351e9b0b8',
    gitTreeState: 'clean',
    buildDate: '2026-12-01T20:04:00Z',
    goVersion: 'go1.24.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  },
  aggregatedDiscovery: 'v2',
  discovery: withWriteKinds(DISCOVERY_V1_33),
  consistentListFromCache: true,
  cachePagesLists: true,
  goawayUnauthenticatedHttp2: true,
  x509CredentialId: true,
  podGeneration: true,
};

export function versionProfile(v: ServerVersion): VersionProfile {
  return v === '1.28' ? V1_28 : V1_33;
}
