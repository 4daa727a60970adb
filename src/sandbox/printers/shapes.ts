// The parts of v1 Pod / Node / Namespace JSON that the printers read. Every field is optional:
// objects come from storage as plain JSON, and a missing field means Go's zero value.

export interface ObjectMetaShape {
  name?: string;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  labels?: Record<string, string>;
}

export interface ContainerShape {
  name?: string;
  restartPolicy?: string;
}

export interface ContainerStateShape {
  waiting?: { reason?: string } | null;
  running?: Record<string, unknown> | null;
  terminated?: { exitCode?: number; signal?: number; reason?: string; finishedAt?: string | null } | null;
}

export interface ContainerStatusShape {
  name?: string;
  state?: ContainerStateShape;
  lastState?: ContainerStateShape;
  ready?: boolean;
  restartCount?: number;
  started?: boolean | null;
}

export interface ConditionShape {
  type?: string;
  status?: string;
  reason?: string;
}

export interface PodShape {
  metadata?: ObjectMetaShape;
  spec?: {
    nodeName?: string;
    initContainers?: ContainerShape[];
    containers?: ContainerShape[];
    readinessGates?: { conditionType?: string }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    conditions?: ConditionShape[];
    nominatedNodeName?: string;
    podIPs?: { ip?: string }[];
    initContainerStatuses?: ContainerStatusShape[];
    containerStatuses?: ContainerStatusShape[];
  };
}

export interface NodeShape {
  metadata?: ObjectMetaShape;
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: ConditionShape[];
    addresses?: { type?: string; address?: string }[];
    nodeInfo?: {
      kubeletVersion?: string;
      osImage?: string;
      kernelVersion?: string;
      containerRuntimeVersion?: string;
    };
  };
}

export interface NamespaceShape {
  metadata?: ObjectMetaShape;
  status?: { phase?: string };
}

/** meta.k8s.io/v1 TableRowCondition. */
export interface TableRowCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** A Table cell as printers.go appends it: a string, an int64, a bool, or nil (a CRD column with no value). */
export type TableCell = string | number | boolean | null;

/** What a printer makes of one object: the cells, and row conditions where printers.go sets them. */
export interface PrintedRow<C extends TableCell = string> {
  cells: C[];
  conditions?: readonly TableRowCondition[];
}

/** A row of any printer: cells of every JSON type a Table cell can hold. */
export type AnyRow = PrintedRow<TableCell>;
