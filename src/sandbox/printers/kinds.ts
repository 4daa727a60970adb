// The compiled-in Table printers of kube-apiserver, by resource (pkg/printers/internalversion AddHandlers),
// and their column definitions. Names, types, priorities and the literal descriptions are printers.go's;
// where printers.go takes a description from a type's Swagger doc (SwaggerDoc()["field"]) and the
// sandbox does not carry that doc, the description is left empty (only ObjectMeta's name and
// creationTimestamp docs, and the pod/node columns' docs, are carried: see columns.ts).

import { CREATION_TIMESTAMP_DOC, NAME_DOC, NAMESPACE_COLUMNS, NODE_COLUMNS, podColumns, type TableColumnDefinition } from './columns.js';
import { printNamespace } from './namespace.js';
import { printNode } from './node.js';
import { printConfigMap, printEndpoints, printEvent, printIngress, printPersistentVolumeClaim, printRoleBinding, printSecret, printService, printServiceAccount } from './objects.js';
import { printPod } from './pod.js';
import type { AnyRow } from './shapes.js';
import { printCronJob, printDaemonSet, printDeployment, printJob, printReplicaSet, printStatefulSet, type RowContext } from './workloads.js';

export interface KindPrinter {
  columns(kubeMinor: number): readonly TableColumnDefinition[];
  row(obj: Record<string, unknown>, ctx: RowContext): AnyRow;
}

function c(name: string, type: string, description = '', priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}

const NAME = c('Name', 'string', NAME_DOC, 0, 'name');
const AGE = c('Age', 'string', CREATION_TIMESTAMP_DOC);
const CONTAINERS = c('Containers', 'string', 'Names of each container in the template.', 1);
const IMAGES = c('Images', 'string', 'Images referenced by each container in the template.', 1);
const SELECTOR = c('Selector', 'string', '', 1);

const fixed = (cols: readonly TableColumnDefinition[]) => (): readonly TableColumnDefinition[] => cols;

const BINDING_COLUMNS = (what: string): readonly TableColumnDefinition[] => [
  NAME, c('Role', 'string'), AGE, c('Users', 'string', `Users in the ${what}`, 1), c('Groups', 'string', `Groups in the ${what}`, 1), c('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, 1),
];

const PRINTERS = {
  pods: { columns: podColumns, row: (o, x) => printPod(o, x) },
  nodes: { columns: fixed(NODE_COLUMNS), row: (o, x) => printNode(o, x.nowMs) },
  namespaces: { columns: fixed(NAMESPACE_COLUMNS), row: (o, x) => printNamespace(o, x.nowMs) },
  deployments: {
    columns: fixed([NAME, c('Ready', 'string', 'Number of the pod with ready state'), c('Up-to-date', 'string'), c('Available', 'string'), AGE, CONTAINERS, IMAGES, SELECTOR]),
    row: printDeployment,
  },
  replicasets: { columns: fixed([NAME, c('Desired', 'integer'), c('Current', 'integer'), c('Ready', 'integer'), AGE, CONTAINERS, IMAGES, SELECTOR]), row: printReplicaSet },
  daemonsets: {
    columns: fixed([NAME, c('Desired', 'integer'), c('Current', 'integer'), c('Ready', 'integer'), c('Up-to-date', 'integer'), c('Available', 'integer'), c('Node Selector', 'string'), AGE, CONTAINERS, IMAGES, SELECTOR]),
    row: printDaemonSet,
  },
  statefulsets: { columns: fixed([NAME, c('Ready', 'string', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES]), row: printStatefulSet },
  jobs: {
    columns: (minor) => [
      NAME, ...(minor >= 30 ? [c('Status', 'string', 'Status of the job.')] : []), c('Completions', 'string'), c('Duration', 'string', 'Time required to complete the job.'), AGE, CONTAINERS, IMAGES, SELECTOR,
    ],
    row: printJob,
  },
  cronjobs: {
    columns: (minor) => [
      NAME, c('Schedule', 'string'), ...(minor >= 30 ? [c('Timezone', 'string')] : []), c('Suspend', 'boolean'), c('Active', 'integer'), c('Last Schedule', 'string'), AGE, CONTAINERS, IMAGES, SELECTOR,
    ],
    row: printCronJob,
  },
  services: { columns: fixed([NAME, c('Type', 'string'), c('Cluster-IP', 'string'), c('External-IP', 'string'), c('Port(s)', 'string'), AGE, SELECTOR]), row: printService },
  ingresses: {
    columns: fixed([
      NAME, c('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'), c('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
      c('Address', 'string', 'Address is a list containing ingress points for the load-balancer'), c('Ports', 'string', 'Ports of TLS configurations that open'), AGE,
    ]),
    row: printIngress,
  },
  configmaps: { columns: fixed([NAME, c('Data', 'string'), AGE]), row: printConfigMap },
  secrets: { columns: fixed([NAME, c('Type', 'string'), c('Data', 'string'), AGE]), row: printSecret },
  serviceaccounts: { columns: fixed([NAME, c('Secrets', 'string'), AGE]), row: printServiceAccount },
  endpoints: { columns: fixed([NAME, c('Endpoints', 'string'), AGE]), row: printEndpoints },
  events: {
    columns: fixed([
      c('Last Seen', 'string'), c('Type', 'string'), c('Reason', 'string'), c('Object', 'string'), c('Subobject', 'string', '', 1), c('Source', 'string', '', 1), c('Message', 'string'),
      c('First Seen', 'string', '', 1), c('Count', 'string', '', 1), c('Name', 'string', NAME_DOC, 1, 'name'),
    ]),
    row: printEvent,
  },
  persistentvolumeclaims: {
    columns: (minor) => [
      NAME, c('Status', 'string'), c('Volume', 'string'), c('Capacity', 'string'), c('Access Modes', 'string'), c('StorageClass', 'string', 'StorageClass of the pvc'),
      ...(minor >= 29 ? [c('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc')] : []), AGE, c('VolumeMode', 'string', '', 1),
    ],
    row: printPersistentVolumeClaim,
  },
  rolebindings: { columns: fixed(BINDING_COLUMNS('roleBinding')), row: printRoleBinding },
  clusterrolebindings: { columns: fixed(BINDING_COLUMNS('clusterRoleBinding')), row: printRoleBinding },
} satisfies Record<string, KindPrinter>;

export type PrinterName = keyof typeof PRINTERS;

/** Which group/resource each printer is registered for (printers.go handles the internal type; every served version uses it). */
const BY_RESOURCE: Record<string, PrinterName> = {
  '/pods': 'pods', '/nodes': 'nodes', '/namespaces': 'namespaces', '/services': 'services', '/configmaps': 'configmaps', '/secrets': 'secrets',
  '/serviceaccounts': 'serviceaccounts', '/endpoints': 'endpoints', '/events': 'events', '/persistentvolumeclaims': 'persistentvolumeclaims',
  'apps/deployments': 'deployments', 'apps/replicasets': 'replicasets', 'apps/daemonsets': 'daemonsets', 'apps/statefulsets': 'statefulsets',
  'batch/jobs': 'jobs', 'batch/cronjobs': 'cronjobs', 'networking.k8s.io/ingresses': 'ingresses',
  'rbac.authorization.k8s.io/rolebindings': 'rolebindings', 'rbac.authorization.k8s.io/clusterrolebindings': 'clusterrolebindings',
};

export function printerFor(group: string, resource: string): PrinterName | null {
  return BY_RESOURCE[`${group}/${resource}`] ?? null;
}

export function kindPrinter(name: PrinterName): KindPrinter {
  return PRINTERS[name];
}
