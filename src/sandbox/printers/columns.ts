// Column definitions of kube-apiserver v1.28 (pkg/printers/internalversion AddHandlers).
// Descriptions are the Swagger docs of the v1.28 API types, byte for byte as the server sends them.

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

function column(name: string, description: string, priority = 0, format = ''): TableColumnDefinition {
  return { name, type: 'string', format, description, priority };
}

export const NAME_DOC =
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
export const CREATION_TIMESTAMP_DOC =
  "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

const NODE_NAME_DOC_V1_28 =
  "NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements.";
// PodSpec.nodeName's doc as kube-apiserver v1.33.3 serves it (test/fixtures/real-apiserver-v1.33/http/pods-default-table.json).
const NODE_NAME_DOC_V1_33 =
  "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename";

/** The pod columns of v1.28.7; podColumns() gives those of the version imitated. */
export const POD_COLUMNS: readonly TableColumnDefinition[] = [
  column('Name', NAME_DOC, 0, 'name'),
  column('Ready', "The aggregate readiness state of this pod for accepting traffic."),
  column('Status', "The aggregate status of the containers in this pod."),
  column('Restarts', "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
  column('Age', CREATION_TIMESTAMP_DOC),
  column('IP', "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
  column('Node', NODE_NAME_DOC_V1_28, 1),
  column('Nominated Node', "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.", 1),
  column('Readiness Gates', "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates", 1),
];

/** The pod columns as a server of minor version `kubeMinor` describes them (only the Node column's doc differs between the captured v1.28.7 and v1.33.3). */
export function podColumns(kubeMinor: number): readonly TableColumnDefinition[] {
  if (kubeMinor < 33) return POD_COLUMNS;
  return POD_COLUMNS.map((c) => (c.name === 'Node' ? { ...c, description: NODE_NAME_DOC_V1_33 } : c));
}

const NODE_ADDRESSES_DOC =
  "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/concepts/nodes/node/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";

export const NODE_COLUMNS: readonly TableColumnDefinition[] = [
  column('Name', NAME_DOC, 0, 'name'),
  column('Status', 'The status of the node'),
  column('Roles', 'The roles of the node'),
  column('Age', CREATION_TIMESTAMP_DOC),
  column('Version', 'Kubelet Version reported by the node.'),
  column('Internal-IP', NODE_ADDRESSES_DOC, 1),
  column('External-IP', NODE_ADDRESSES_DOC, 1),
  column('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
  column('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
  column(
    'Container-Runtime',
    'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
    1,
  ),
];

export const NAMESPACE_COLUMNS: readonly TableColumnDefinition[] = [
  column('Name', NAME_DOC, 0, 'name'),
  column('Status', 'The status of the namespace'),
  column('Age', CREATION_TIMESTAMP_DOC),
];
