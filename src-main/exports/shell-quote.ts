// Characters a POSIX shell leaves alone in a word.
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one word for sh/bash/zsh; a leading `~/` stays outside the quotes so the shell still expands it. */
export function shellQuote(word: string): string {
  if (word.startsWith('~/')) return `~/${word.length > 2 ? shellQuote(word.slice(2)) : ''}`;
  if (word !== '' && PLAIN_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
