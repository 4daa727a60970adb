// Numbers and times as kube-trace shows them, in one place for the UI, the plain renderer and lesson
// templates.

/** Human units for durations, as kubectl -v timings read: "0.4 ms", "12 ms", "1.3 s"; "—" when unknown. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Sizes in binary units: "512 B", "1.5 KiB", "2.0 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A plain number: integers as they are, others to at most two decimals ("0.42", "12.5"). */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** The time of day of an RFC 3339 or HTTP date, in UTC: "02:23:07 UTC"; null when it is not a date. */
export function formatTimeOfDay(value: string): string | null {
  const t = Date.parse(value);
  return Number.isFinite(t) ? `${new Date(t).toISOString().slice(11, 19)} UTC` : null;
}

/** The day of an RFC 3339 or HTTP date, in UTC: "2026-11-28"; null when it is not a date. */
export function formatDate(value: string): string | null {
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : null;
}

/** A number rounded to `decimals` places (timings: the glass box keeps microseconds, the client hundredths of a ms). */
export function roundTo(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}
