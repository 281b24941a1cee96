import { AppError } from '../errors';

export const MIN_PASSPHRASE_LENGTH = 12;

/** Refuses passphrases that cannot protect a vault; the message says what to change. */
export function checkNewPassphrase(passphrase: string): void {
  if (passphrase.length === 0) throw new AppError('WEAK_PASSPHRASE', 'Enter a passphrase.');
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError('WEAK_PASSPHRASE', `Use at least ${MIN_PASSPHRASE_LENGTH} characters. Several unrelated words make a strong, memorable passphrase.`);
  }
  if (!/\p{L}/u.test(passphrase)) throw new AppError('WEAK_PASSPHRASE', 'Include letters: a passphrase of only digits or symbols is easy to guess.');
}

export type PassphraseStrength = 'too-short' | 'weak' | 'fair' | 'strong' | 'very-strong';

/**
 * A rough estimate for the meter: bits from length and character variety, discounted for
 * repeats. It guides; it does not judge dictionary words.
 */
export function estimatePassphraseStrength(passphrase: string): PassphraseStrength {
  const characters = [...passphrase];
  if (characters.length < MIN_PASSPHRASE_LENGTH) return 'too-short';
  const pools = [/\p{Ll}/u, /\p{Lu}/u, /\p{N}/u, /[^\p{L}\p{N}]/u].filter((pool) => pool.test(passphrase)).length;
  const distinct = new Set(characters).size;
  const bitsPerCharacter = Math.log2([10, 26, 52, 62, 80][pools] ?? 80);
  const bits = Math.min(characters.length, distinct * 2) * bitsPerCharacter;
  if (bits < 50) return 'weak';
  if (bits < 70) return 'fair';
  if (bits < 100) return 'strong';
  return 'very-strong';
}
