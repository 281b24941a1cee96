import { estimatePassphraseStrength, type PassphraseStrength } from '../../src-shared/vault/passphrase-rules';

const LEVELS: Record<PassphraseStrength, { value: number; text: string }> = {
  'too-short': { value: 0, text: 'Too short: use at least 12 characters' },
  weak: { value: 1, text: 'Weak: add more words' },
  fair: { value: 2, text: 'Fair: one or two more words would help' },
  strong: { value: 3, text: 'Strong' },
  'very-strong': { value: 4, text: 'Very strong' },
};

export function StrengthMeter({ passphrase, id }: { passphrase: string; id: string }) {
  const strength = estimatePassphraseStrength(passphrase);
  const level = LEVELS[strength];
  return (
    <div className="strength" data-strength={strength}>
      <meter min={0} max={4} low={2} high={3} optimum={4} value={level.value} aria-labelledby={id} />
      <span id={id} className="strength__text">
        Strength: {level.text}
      </span>
    </div>
  );
}
