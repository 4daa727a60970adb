// The ServiceAccount admission plugin's token volume (plugin/pkg/admission/serviceaccount): the
// projected volume kube-apiserver adds to a pod, and where each container mounts it. One home for the
// admission plugin (writes) and the scenario objects (which show pods as that plugin left them).

import type { JsonObject } from './writes/values.js';

export const TOKEN_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The `kube-api-access-xxxxx` projected volume: a bound token, the cluster CA, the namespace. */
export function kubeApiAccessVolume(name: string): JsonObject {
  return {
    name,
    projected: {
      sources: [
        // 3607 s = WarnOnlyBoundTokenExpirationSeconds (pkg/serviceaccount/claims.go).
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
      defaultMode: 420,
    },
  };
}

/** The mount each container gets. */
export function kubeApiAccessMount(volume: string): JsonObject {
  return { name: volume, readOnly: true, mountPath: TOKEN_MOUNT };
}
