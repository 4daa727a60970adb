// kubectl's write requests and what it prints about them: the query (fieldManager, fieldValidation,
// dryRun, force), the headers, the bodies it builds itself (run, delete), the result lines
// ("pod/web created") and its error texts. Pure functions; the write step sends, the stages explain.
//
// Checked against kubectl 1.28–1.33 (`-v=9` against the sandbox) and the kubectl 1.33 captures of a
// real kube-apiserver v1.33.3 (fixtures real-apiserver-v1.33/write/kubectl/10–41).
import { asStatus } from '../../kube/kubectl-errors.js';
import type { NameValue } from '../../kube/types.js';
import type { WriteCommand, WriteSpec } from '../command.js';
import type { ResourceMapping } from '../types.js';
import { minorOf, userAgentOf, type KubectlBuild } from './identity.js';
import { goJson } from './apply-patch.js';

/** What kubectl did with one object, as its printer names it. */
export type WriteAction = 'created' | 'configured' | 'unchanged' | 'serverside-applied' | 'deleted';

/** The field manager kubectl names in its writes, per verb (--field-manager overrides it). */
export function fieldManagerOf(spec: WriteSpec): string {
  switch (spec.verb) {
    case 'apply':
      return spec.fieldManager ?? (spec.serverSide ? 'kubectl' : 'kubectl-client-side-apply');
    case 'create':
      return spec.fieldManager ?? 'kubectl-create';
    case 'run':
      return 'kubectl-run';
    case 'delete':
      return '';
  }
}

/** Headers of a write (kubectl's resource helper): Accept application/json, then the body's type. */
export function writeHeaders(cmd: WriteCommand, session: string, build: KubectlBuild, accept: string, contentType: string | null): NameValue[] {
  const h: NameValue[] = [
    { name: 'User-Agent', value: userAgentOf(build) },
    { name: 'Accept', value: accept },
  ];
  if (contentType !== null) h.push({ name: 'Content-Type', value: contentType });
  h.push({ name: 'Kubectl-Command', value: `kubectl ${cmd.verb}` }, { name: 'Kubectl-Session', value: session });
  return h;
}

/** GETs kubectl's resource helper sends for a write (apply's live object, the namespace, delete's wait). */
export const HELPER_ACCEPT = 'application/json';
// `kubectl run` posts through the typed client: Accept "application/json, */*" (1.28–1.33).
export const RUN_ACCEPT = 'application/json, */*';

/**
 * The write's query, sorted as url.Values.Encode sorts it. `fieldValidation` is absent for `run`
 * (1.28–1.33 send none) and for delete. `dryRun` is All for --dry-run=server and for every write
 * kube-trace sends to a cluster that is not its sandbox.
 */
export function writeQuery(spec: WriteSpec, opts: { dryRun: boolean; fieldValidation: string | null }): NameValue[] {
  const q: NameValue[] = [];
  if (opts.dryRun && spec.verb !== 'delete') q.push({ name: 'dryRun', value: 'All' });
  const manager = fieldManagerOf(spec);
  if (manager !== '') q.push({ name: 'fieldManager', value: manager });
  if (opts.fieldValidation !== null) q.push({ name: 'fieldValidation', value: opts.fieldValidation });
  if (spec.verb === 'apply' && spec.serverSide) q.push({ name: 'force', value: spec.forceConflicts ? 'true' : 'false' });
  return q.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The fieldValidation kubectl asks for: Strict once the server's OpenAPI said it supports it; Ignore with --validate=false; Warn with --validate=warn. */
export function fieldValidationOf(spec: WriteSpec): string | null {
  if (spec.verb !== 'apply' && spec.verb !== 'create') return null;
  return spec.validate === 'ignore' ? 'Ignore' : spec.validate === 'warn' ? 'Warn' : 'Strict';
}

/** DeleteOptions as kubectl marshals them (Go struct order: gracePeriodSeconds, propagationPolicy, dryRun). */
export function deleteBody(spec: Extract<WriteSpec, { verb: 'delete' }>, dryRun: boolean): string {
  const parts: string[] = [];
  const grace = spec.force && spec.gracePeriod < 0 ? 0 : spec.gracePeriod;
  if (grace >= 0) parts.push(`"gracePeriodSeconds":${grace}`);
  parts.push('"propagationPolicy":"Background"');
  if (dryRun) parts.push('"dryRun":["All"]');
  return `{${parts.join(',')}}`;
}

/**
 * The Pod `kubectl run` builds (generate/versioned/run.go), marshalled from its Go struct: field
 * order as declared, empty `resources`, `status` and a null creationTimestamp as Go writes them.
 */
export function runPodBody(spec: Extract<WriteSpec, { verb: 'run' }>): string {
  const labels = spec.labels ?? { run: spec.name };
  const container: string[] = [`"name":${JSON.stringify(spec.name)}`, `"image":${JSON.stringify(spec.image)}`];
  if (spec.port !== null) container.push(`"ports":[{"containerPort":${Number(spec.port)}}]`);
  if (spec.env.length > 0) {
    const env = spec.env.map((e) => {
      const i = e.indexOf('=');
      return `{"name":${JSON.stringify(e.slice(0, i))},"value":${JSON.stringify(e.slice(i + 1))}}`;
    });
    container.push(`"env":[${env.join(',')}]`);
  }
  container.push('"resources":{}');
  const labelText = Object.keys(labels).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(labels[k])}`).join(',');
  return `{"kind":"Pod","apiVersion":"v1","metadata":{"name":${JSON.stringify(spec.name)},"creationTimestamp":null,"labels":{${labelText}}},"spec":{"containers":[{${container.join(',')}}],"restartPolicy":${JSON.stringify(spec.restart)},"dnsPolicy":"ClusterFirst"},"status":{}}`;
}

/** How kubectl's printers name an object: kind (lower case), .group when not core. */
export function kindWithGroup(kind: string, group: string): string {
  return group === '' ? kind.toLowerCase() : `${kind.toLowerCase()}.${group}`;
}

/** kubectl's line for one object: "pod/web created", `pod "web" deleted`, with " (server dry run)". */
export function resultLine(action: WriteAction, kind: string, group: string, name: string, dryRun: boolean): string {
  const suffix = dryRun ? ' (server dry run)' : '';
  const k = kindWithGroup(kind, group);
  return action === 'deleted' ? `${k} ${JSON.stringify(name)} deleted${suffix}` : `${k}/${name} ${action}${suffix}`;
}

interface StatusDetails {
  name?: string;
  kind?: string;
  causes?: { field?: string; message?: string }[];
}

/**
 * kubectl's error text for a refused write (cmdutil.CheckErr): 422 Invalid as "The Kind "name" is
 * invalid: field: message" (from the Status details), everything else "Error from server (Reason):
 * message", where apply and create -f put "error when creating "FILE": " in front of the message
 * (cmdutil.AddSourceToErr). `context` is that prefix, or "" when kubectl adds none (run, delete).
 */
export function writeErrorText(status: number, body: unknown, text: string, context: string): string {
  const st = asStatus(body);
  if (st && (st.reason === 'Invalid' || status === 422)) {
    const details = (body as { details?: StatusDetails }).details;
    if (details) {
      const head = details.kind || details.name ? `The ${details.kind ?? ''} ${JSON.stringify(details.name ?? '')} is invalid` : 'The request is invalid';
      const causes = (details.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message ?? ''}`);
      if (causes.length === 0) return head;
      if (causes.length === 1) return `${head}: ${causes[0] ?? ''}`;
      return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
    }
    return 'The request is invalid';
  }
  const message = st?.message ?? (text.trim() === '' ? `the server responded with the status code ${status} but did not return more information` : text.trim());
  const reason = st?.reason ?? '';
  if (status === 401) return `error: You must be logged in to the server (${context}${st?.message ?? 'Unauthorized'})`;
  return reason !== '' ? `Error from server (${reason}): ${context}${message}` : `Error from server: ${context}${message}`;
}

/**
 * apply --server-side on a 409 (apply.go): the Status message wrapped in fmt.Errorf with the guidance
 * below, so cmdutil.CheckErr prints it as a plain error ("error: …"), not "Error from server (Conflict)".
 */
export function serverSideApplyConflictText(body: unknown): string | null {
  const st = asStatus(body);
  if (st?.reason !== 'Conflict' || st.message === undefined) return null;
  return `error: ${st.message}
Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;
}

/** cli-runtime's Info.String(): how apply names the object in its patch errors. */
export function infoString(m: ResourceMapping, name: string, namespace: string | null): string {
  const gv = m.group === '' ? `/${m.version}` : `${m.group}/${m.version}`;
  return `Resource: ${JSON.stringify(`${gv}, Resource=${m.resource}`)}, GroupVersionKind: ${JSON.stringify(`${gv}, Kind=${m.kind}`)}\nName: ${JSON.stringify(name)}, Namespace: ${JSON.stringify(namespace ?? '')}`;
}

/** The body of apply --server-side and of create / apply's POST: the object as kubectl's unstructured encoder writes it. */
export function objectBody(object: Record<string, unknown>): string {
  return goJson(object);
}

/**
 * How kubectl checks that the server takes fieldValidation before apply / create -f: from 1.29 it
 * reads OpenAPI v3 (/openapi/v3, then the group-version's document) and falls back to v2; 1.28 reads
 * OpenAPI v2 and then the old /swagger-2.0.0.pb-v1 path.
 */
export function openApiPlan(build: KubectlBuild): 'v3-then-v2' | 'v2-then-swagger' {
  return minorOf(build) >= 29 ? 'v3-then-v2' : 'v2-then-swagger';
}

export const OPENAPI_V2_ACCEPT = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
export const OPENAPI_INDEX_ACCEPT = 'application/json, */*';
