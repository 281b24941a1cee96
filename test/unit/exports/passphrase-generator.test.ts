import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSPHRASE_WORD_COUNT, generatePassphrase, passphraseEntropyBits } from '../../../src-main/exports/passphrase-generator';
import { PASSPHRASE_WORDS } from '../../../src-main/exports/passphrase-words';
import { checkNewPassphrase } from '../../../src-shared/vault/passphrase-rules';
import { thrownAppError } from '../../helpers/keys';

describe('the passphrase word list', () => {
  it('has 6⁴ = 1296 distinct words, so four dice pick one', () => {
    expect(PASSPHRASE_WORDS).toHaveLength(1296);
    expect(new Set(PASSPHRASE_WORDS).size).toBe(1296);
  });

  it('holds only short lower-case words, sorted', () => {
    expect(PASSPHRASE_WORDS.filter((word) => !/^[a-z]{3,6}$/.test(word))).toEqual([]);
    expect([...PASSPHRASE_WORDS].sort()).toEqual(PASSPHRASE_WORDS);
  });
});

describe('generating passphrases', () => {
  it('joins six words by default with hyphens', () => {
    const passphrase = generatePassphrase();
    const words = passphrase.split('-');
    expect(words).toHaveLength(DEFAULT_PASSPHRASE_WORD_COUNT);
    expect(words.every((word) => PASSPHRASE_WORDS.includes(word))).toBe(true);
  });

  it('picks each word with the index source it is given', () => {
    const picks = [0, 1295, 7, 0, 42, 1000];
    const asked: number[] = [];
    const passphrase = generatePassphrase({ separator: ' ' }, (max) => {
      asked.push(max);
      return picks[asked.length - 1] ?? 0;
    });
    expect(asked).toEqual(Array(6).fill(1296));
    expect(passphrase).toBe(picks.map((index) => PASSPHRASE_WORDS[index]).join(' '));
  });

  it('gives about 62 bits with six words, and always passes the vault’s passphrase rules', () => {
    expect(passphraseEntropyBits()).toBeCloseTo(62.04, 1);
    for (let run = 0; run < 50; run += 1) expect(() => checkNewPassphrase(generatePassphrase({ words: 4 }))).not.toThrow();
  });

  it('varies from call to call', () => {
    expect(new Set(Array.from({ length: 20 }, () => generatePassphrase())).size).toBe(20);
  });

  it.each([3, 13, 4.5])('refuses %s words', (words) => {
    expect(thrownAppError(() => generatePassphrase({ words })).code).toBe('BAD_REQUEST');
  });
});
