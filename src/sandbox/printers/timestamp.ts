// metav1.Time as the printers see it: a parsed instant, or the zero time.
import { humanDuration } from '../../duration/human-duration.js';

/** Milliseconds since the epoch, or null for Go's zero time (absent, null or unparsable). */
export type Instant = number | null;

// Go's zero time (0001-01-01T00:00:00Z) is also "zero" when written out explicitly.
const GO_ZERO_TIME_MS = Date.parse('0001-01-01T00:00:00Z');

export function parseInstant(value: unknown): Instant {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms === GO_ZERO_TIME_MS) return null;
  return ms;
}

/** printers.go translateTimestampSince: "<unknown>" for the zero time, else HumanDuration(now - t). */
export function translateTimestampSince(t: Instant, nowMs: number): string {
  if (t === null) return '<unknown>';
  return humanDuration(nowMs - t);
}
