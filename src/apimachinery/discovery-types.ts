// The wire shapes of discovery documents, as read off a server (every field optional: a document is
// untrusted input until checked). Aggregated discovery (apidiscovery.k8s.io v2 / v2beta1, KEP-3352):
// an APIGroupDiscoveryList from /api and /apis; legacy discovery: an APIResourceList per group-version.

export interface AggregatedSubresource {
  subresource?: string;
  responseKind?: { kind?: string };
  verbs?: string[];
}

export interface AggregatedResource {
  resource?: string;
  responseKind?: { kind?: string };
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: AggregatedSubresource[];
}

export interface AggregatedVersion {
  version?: string;
  resources?: AggregatedResource[];
}

export interface AggregatedGroup {
  metadata?: { name?: string };
  versions?: AggregatedVersion[];
}

/** One resource of a legacy APIResourceList. */
export interface LegacyResource {
  name?: string;
  singularName?: string;
  namespaced?: boolean;
  kind?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}
