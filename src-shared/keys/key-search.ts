import type { KeySummary } from './key-record';

/** What the search looks in: a stored key's fields in main, or a listed key's in the renderer. */
export type SearchableKey = Pick<KeySummary, 'name' | 'keyId' | 'issuerId' | 'bundleIds' | 'tags' | 'notes'> & { usedIn?: ReadonlyArray<{ label: string }> };

/**
 * The key search of main's list (keys.list, the CLI's `list --query`) and of the app's key list, which filters
 * the keys it already has as the user types: every whitespace-separated term of `query` must be found, ignoring
 * case, in the name, Key ID, Issuer ID, a bundle ID, a tag, the notes or a place the key is used.
 */
export function keyMatcher(query: string): (key: SearchableKey) => boolean {
  const terms = query.toLowerCase().split(/\s+/).filter((term) => term !== '');
  if (terms.length === 0) return () => true;
  return (key) => {
    const texts = searchableText(key);
    return terms.every((term) => texts.some((text) => text.includes(term)));
  };
}

function searchableText(key: SearchableKey): string[] {
  return [key.name, key.keyId, key.issuerId ?? '', ...key.bundleIds, ...key.tags, key.notes, ...(key.usedIn ?? []).map((entry) => entry.label)].map((text) => text.toLowerCase());
}
