// API Priority and Fairness, as classification only: which FlowSchema and PriorityLevel a request
// lands in. The UIDs are fixed so they are stable across runs (a real cluster's are random; the
// exempt and global-default ones are those seen in the v1.28.7 captures).

import type { UserInfo } from './rbac.js';

export interface FlowClassification {
  flowSchema: string;
  flowSchemaUid: string;
  priorityLevel: string;
  priorityLevelUid: string;
}

const EXEMPT: FlowClassification = {
  flowSchema: 'exempt', flowSchemaUid: 'cd369928-9e64-4137-9261-af4fa87b6602',
  priorityLevel: 'exempt', priorityLevelUid: '532c8482-91a1-4b14-bdae-c55c04dd087b',
};
const PROBES: FlowClassification = {
  flowSchema: 'probes', flowSchemaUid: '6d3e7c1a-3f0b-4c59-9a41-2b7f0e5d8c14',
  priorityLevel: 'exempt', priorityLevelUid: EXEMPT.priorityLevelUid,
};
const GLOBAL_DEFAULT: FlowClassification = {
  flowSchema: 'global-default', flowSchemaUid: 'e12ebf8c-4312-4de1-ab95-66de9fc7669d',
  priorityLevel: 'global-default', priorityLevelUid: '1a2f5c1c-78c1-48ce-ac4a-d88e508f260b',
};

export function classify(user: UserInfo, path: string, resourceRequest: boolean): FlowClassification {
  if (user.groups.includes('system:masters')) return EXEMPT;
  if (!resourceRequest && ['/healthz', '/livez', '/readyz'].includes(path)) return PROBES;
  return GLOBAL_DEFAULT;
}
