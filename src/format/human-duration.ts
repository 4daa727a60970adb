// printers' translateTimestampSince on kubectl's side: the AGE text kubectl prints when it has to compute
// an age itself (the server's Table already carries it as text).

import { humanDuration } from '../duration/human-duration.js';

export { humanDuration };

/** printers' translateTimestampSince: "<unknown>" when there is no timestamp. */
export function translateTimestampSince(timestamp: string | undefined, now: Date): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now.getTime() - t);
}
