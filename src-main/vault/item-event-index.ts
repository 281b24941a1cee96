import type { AuditEvent, AuditEventType } from '../../src-shared/vault/audit-event';

interface IndexedEvent {
  /** The event's place in the activity log (1, 2, 3…), which orders events whatever the clock said when they were written. */
  position: number;
  at: string;
}

/**
 * For each item, its newest event of each type: built from the events unlock opens anyway and kept up to
 * date by every write, so that a list asking when each key was last used opens no event.
 */
export class ItemEventIndex {
  private readonly newest = new Map<string, Map<AuditEventType, IndexedEvent>>();

  /** Events come in the order they were written, so each one replaces the entry for its item and type. */
  record(event: Pick<AuditEvent, 'type' | 'at' | 'itemId'>, position: number): void {
    if (event.itemId === undefined) return;
    let byType = this.newest.get(event.itemId);
    if (!byType) {
      byType = new Map();
      this.newest.set(event.itemId, byType);
    }
    byType.set(event.type, { position, at: event.at });
  }

  /** For each item with any event of `types`, when the newest of them was written. */
  newestOf(types: readonly AuditEventType[]): Map<string, string> {
    const times = new Map<string, string>();
    for (const [itemId, byType] of this.newest) {
      let newest: IndexedEvent | undefined;
      for (const type of types) {
        const entry = byType.get(type);
        if (entry && (!newest || entry.position > newest.position)) newest = entry;
      }
      if (newest) times.set(itemId, newest.at);
    }
    return times;
  }

  clear(): void {
    this.newest.clear();
  }
}
