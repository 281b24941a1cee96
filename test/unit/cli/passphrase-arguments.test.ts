import { describe, expect, it } from 'vitest';
import { refusePassphraseArgument } from '../../../src-main/cli/passphrase-sources';
import { UsageError } from '../../../src-main/cli/usage-error';

describe('passphrases as arguments', () => {
  it.each(['--passphrase', '--passphrase=x', '--bundle-passphrase', '--bundle-passphrase=x', '--backup-passphrase=x'])('refuses %s', (arg) => {
    expect(() => refusePassphraseArgument(['bundle', 'import', 'team.age', arg])).toThrow(UsageError);
  });

  it('allows the file options and anything after --', () => {
    expect(() => refusePassphraseArgument(['restore', 'b.sqlite', '--backup-passphrase-file', 'p', '--bundle-passphrase-file', 'q', '--', '--passphrase'])).not.toThrow();
  });
});
