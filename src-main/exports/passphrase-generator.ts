import { randomInt } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import { PASSPHRASE_WORDS } from './passphrase-words';

export const DEFAULT_PASSPHRASE_WORD_COUNT = 6;
const MIN_WORDS = 4;
const MAX_WORDS = 12;

export interface PassphraseOptions {
  /** How many words; 6 by default (about 62 bits with the 1,296-word list). */
  words?: number;
  separator?: string;
}

/** A uniform random integer in [0, max); crypto.randomInt by default, replaceable in tests. */
export type PickIndex = (max: number) => number;

/**
 * A diceware-style passphrase offered when exporting a bundle: words drawn independently and
 * uniformly (crypto.randomInt rejects modulo bias) from the shipped list.
 */
export function generatePassphrase(options: PassphraseOptions = {}, pickIndex: PickIndex = (max) => randomInt(max)): string {
  const count = options.words ?? DEFAULT_PASSPHRASE_WORD_COUNT;
  if (!Number.isInteger(count) || count < MIN_WORDS || count > MAX_WORDS) {
    throw new AppError('BAD_REQUEST', `Choose between ${MIN_WORDS} and ${MAX_WORDS} words.`);
  }
  const words = Array.from({ length: count }, () => PASSPHRASE_WORDS[pickIndex(PASSPHRASE_WORDS.length)]);
  if (words.some((word) => word === undefined)) throw new Error('passphrase word index out of range');
  return words.join(options.separator ?? '-');
}

/** Bits of entropy of a generated passphrase of this many words, for the strength meter. */
export function passphraseEntropyBits(words: number = DEFAULT_PASSPHRASE_WORD_COUNT): number {
  return words * Math.log2(PASSPHRASE_WORDS.length);
}
