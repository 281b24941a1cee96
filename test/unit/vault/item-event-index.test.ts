import { describe, expect, it } from 'vitest';
import { ItemEventIndex } from '../../../src-main/vault/item-event-index';

describe('the index of each item’s newest events', () => {
  it('answers, per item, the time of the event of the asked types written last, whatever the clock said', () => {
    const index = new ItemEventIndex();
    index.record({ type: 'token.issued', at: '2025-06-01T10:00:05.000Z', itemId: 'a' }, 1);
    index.record({ type: 'key.exported', at: '2025-06-01T10:00:09.000Z', itemId: 'b' }, 2);
    // The clock went back between these two; the export is still the later use of "a".
    index.record({ type: 'token.issued', at: '2025-06-01T10:00:30.000Z', itemId: 'a' }, 3);
    index.record({ type: 'key.exported', at: '2025-06-01T10:00:20.000Z', itemId: 'a' }, 4);
    index.record({ type: 'key.edited', at: '2025-06-01T10:00:40.000Z', itemId: 'b' }, 5);
    index.record({ type: 'vault.unlocked', at: '2025-06-01T10:00:50.000Z' }, 6);

    expect(index.newestOf(['token.issued', 'key.exported'])).toEqual(
      new Map([
        ['a', '2025-06-01T10:00:20.000Z'],
        ['b', '2025-06-01T10:00:09.000Z'],
      ]),
    );
    expect(index.newestOf(['key.edited'])).toEqual(new Map([['b', '2025-06-01T10:00:40.000Z']]));
    index.clear();
    expect(index.newestOf(['token.issued', 'key.exported'])).toEqual(new Map());
  });
});
