import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BACKUP_PASSPHRASE, BUNDLE_PASSPHRASE, NEW_VAULT_PASSPHRASE, preparePassphrase, VAULT_PASSPHRASE } from '../../../src-main/cli/passphrase-sources';

describe('a passphrase from the environment', () => {
  it.each([VAULT_PASSPHRASE, BUNDLE_PASSPHRASE, BACKUP_PASSPHRASE, NEW_VAULT_PASSPHRASE])('is read from $envName once, then removed from the environment', async (kind) => {
    const env: NodeJS.ProcessEnv = { [kind.envName]: 'correct horse battery staple', HOME: '/home/someone' };
    const stdin = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream;

    const read = preparePassphrase(kind, 'unlock', { env, stdin, stderr: new PassThrough() });

    expect(env).toEqual({ HOME: '/home/someone' });
    expect(await read()).toBe('correct horse battery staple');
  });
});
