// A bounded ring of glass-box records, keyed by Audit-Id (oldest evicted first).

import type { GlassBoxRecord } from '../glassbox/types.js';

export class GlassBoxLog {
  private readonly records = new Map<string, GlassBoxRecord>();
  constructor(private readonly capacity = 1000) {}

  add(record: GlassBoxRecord): void {
    this.records.set(record.auditId, record);
    while (this.records.size > this.capacity) {
      const oldest = this.records.keys().next().value;
      if (oldest === undefined) break;
      this.records.delete(oldest);
    }
  }

  get(auditId: string): GlassBoxRecord | undefined {
    return this.records.get(auditId);
  }

  /** The record of the write that produced `revision` (its transaction, or one of its watch events). */
  byRevision(revision: number): GlassBoxRecord | undefined {
    const rv = String(revision);
    let found: GlassBoxRecord | undefined;
    for (const r of this.records.values()) if (r.write && (r.write.revision === revision || r.write.events.some((e) => e.resourceVersion === rv))) found = r;
    return found;
  }

  get size(): number {
    return this.records.size;
  }
}
