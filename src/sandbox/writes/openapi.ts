// A partial OpenAPI v3 (/openapi/v3 and /openapi/v3/<group-version>): kubectl (1.27+) reads it before
// every write to learn whether the server takes ?fieldValidation for the kind (cli-runtime's
// queryParamVerifierV3 looks for that parameter on the kind's PATCH operation) and refuses to send a
// write it cannot validate. The sandbox serves, for each resource it lists in discovery, just those
// PATCH operations with their query parameters, and no schemas: without a schema kubectl computes a
// strategic merge patch from its compiled-in Go types, as it does against servers without OpenAPI v3.

import { createHash } from 'node:crypto';
import type { DiscoveryData } from '../discovery.js';

interface Res {
  resource: string;
  responseKind?: { kind?: string };
  scope?: string;
  verbs?: string[];
}

interface Group {
  metadata: { name?: string };
  versions: { version: string; resources: Res[] }[];
}

function groupVersions(d: DiscoveryData): { path: string; group: string; version: string; resources: Res[] }[] {
  const core = d.aggregatedCoreGroup as unknown as Group;
  const out = core.versions.map((v) => ({ path: `api/${v.version}`, group: '', version: v.version, resources: v.resources }));
  for (const g of d.aggregatedGroups as unknown as Group[]) {
    for (const v of g.versions) out.push({ path: `apis/${g.metadata.name ?? ''}/${v.version}`, group: g.metadata.name ?? '', version: v.version, resources: v.resources });
  }
  return out;
}

const QUERY = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map((name) => ({ name, in: 'query', schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true } }));

function gvDocument(gv: { path: string; group: string; version: string; resources: Res[] }, gitVersion: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const r of gv.resources) {
    if (!(r.verbs ?? []).includes('patch')) continue;
    const ns = r.scope === 'Namespaced' ? '/namespaces/{namespace}' : '';
    paths[`/${gv.path}${ns}/${r.resource}/{name}`] = {
      patch: {
        description: `partially update the specified ${r.responseKind?.kind ?? r.resource}`,
        operationId: `patch${r.responseKind?.kind ?? ''}`,
        parameters: QUERY,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: gv.group, version: gv.version, kind: r.responseKind?.kind ?? '' },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: gitVersion }, paths };
}

function hashOf(doc: Record<string, unknown>): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
}

/** The document for /openapi/v3 or /openapi/v3/<gv path>, or null (404). */
export function openApiDocument(path: string, d: DiscoveryData, gitVersion = 'v1.33.3'): Record<string, unknown> | null {
  const gvs = groupVersions(d);
  if (path === '/openapi/v3' || path === '/openapi/v3/') {
    const paths: Record<string, unknown> = {};
    for (const gv of gvs) paths[gv.path] = { serverRelativeURL: `/openapi/v3/${gv.path}?hash=${hashOf(gvDocument(gv, gitVersion))}` };
    return { paths };
  }
  const gv = gvs.find((g) => `/openapi/v3/${g.path}` === path);
  return gv ? gvDocument(gv, gitVersion) : null;
}
