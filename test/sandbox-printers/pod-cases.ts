// Shared builders for the printPod tables: Go struct literals from printers_test.go become v1 JSON.
import type { ContainerStatusShape, PodShape } from '../../src/sandbox/printers/shapes.js';

/** The instant every case is printed at. */
export const NOW_MS = Date.parse('2026-11-28T02:24:58Z');

/** RFC3339 (second precision, like metav1.Time) of NOW minus `ms`. */
export function ago(ms: number): string {
  return new Date(NOW_MS - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const S = 1000;
export const MIN = 60 * S;
export const DAY = 24 * 60 * MIN;

/** `make([]api.Container, n)`: n containers with zero values. */
export function containers(n: number): Record<string, never>[] {
  return Array.from({ length: n }, () => ({}));
}

export const running = { running: {} };
export const waiting = (reason?: string) => ({ waiting: reason === undefined ? {} : { reason } });
export const terminated = (t: { reason?: string; exitCode?: number; signal?: number } = {}) => ({ terminated: t });
/** LastTerminationState with only FinishedAt set, `ms` before NOW. */
export const finishedAgo = (ms: number) => ({ terminated: { finishedAt: ago(ms) } });

export function pod(
  name: string,
  spec: PodShape['spec'],
  status: PodShape['status'],
  meta: Omit<NonNullable<PodShape['metadata']>, 'name'> = {},
): PodShape {
  return { metadata: { name, ...meta }, spec, status };
}

export type Status = ContainerStatusShape;

export const SUCCEEDED = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
export const FAILED = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
