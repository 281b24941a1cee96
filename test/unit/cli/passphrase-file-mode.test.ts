import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BACKUP_PASSPHRASE,
  BUNDLE_PASSPHRASE,
  NEW_VAULT_PASSPHRASE,
  preparePassphrase,
  VAULT_PASSPHRASE,
  type PassphraseKind,
} from '../../../src-main/cli/passphrase-sources';

// chmod sets no group or other bits on Windows, so there is nothing to see there.
describe.skipIf(process.platform === 'win32')('a passphrase file others can read', () => {
  let folder = '';
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'passphrase-mode-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  function passphraseFile(mode: number): string {
    const file = path.join(folder, 'passphrase.txt');
    writeFileSync(file, 'correct horse battery staple\n');
    chmodSync(file, mode);
    return file;
  }

  async function read(kind: PassphraseKind, file: string, platform?: NodeJS.Platform) {
    const stderr = new PassThrough();
    let written = '';
    stderr.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    const stdin = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream;
    const passphrase = await preparePassphrase(kind, 'unlock', { passphraseFile: file, env: {}, stdin, stderr, ...(platform ? { platform } : {}) })();
    await new Promise((resolve) => setImmediate(resolve));
    return { passphrase, stderr: written };
  }

  it.each([VAULT_PASSPHRASE, BUNDLE_PASSPHRASE, BACKUP_PASSPHRASE, NEW_VAULT_PASSPHRASE])('warns once for $fileOption at mode 0644 and still reads it', async (kind) => {
    const file = passphraseFile(0o644);
    const { passphrase, stderr } = await read(kind, file);
    expect(passphrase).toBe('correct horse battery staple');
    expect(stderr).toBe(`warning: ${file} can be read by other users of this computer (mode 0644); make it owner-only: chmod 600 ${file}\n`);
  });

  it('says nothing about an owner-only file (0600 or 0400)', async () => {
    expect((await read(VAULT_PASSPHRASE, passphraseFile(0o600))).stderr).toBe('');
    expect((await read(VAULT_PASSPHRASE, passphraseFile(0o400))).stderr).toBe('');
  });

  it('warns for any group or other bit, naming the mode', async () => {
    expect((await read(VAULT_PASSPHRASE, passphraseFile(0o640))).stderr).toContain('(mode 0640)');
    expect((await read(VAULT_PASSPHRASE, passphraseFile(0o604))).stderr).toContain('(mode 0604)');
  });

  it('does not warn on Windows, whose files carry no such mode', async () => {
    expect((await read(VAULT_PASSPHRASE, passphraseFile(0o644), 'win32')).stderr).toBe('');
  });
});
