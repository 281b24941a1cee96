import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { tempFolder } from '../../helpers/temp-vault';
import { countInProcessMemory, occurrences } from './process-memory';

const CHILD = path.join(import.meta.dirname, 'memory-scan-child.ts');

/**
 * What is left of a key and the passphrase in main's process after unlock, a token, an export, a copy
 * and a lock. The needles exist only in this process: the child reads the key and passphrase from files.
 */
async function scanAfterLock() {
  const folder = tempFolder();
  const key = generateP256Key();
  const p8 = appStoreConnectP8(key);
  const keyFile = path.join(folder, 'AuthKey_MEMSCAN001.p8');
  const passphraseFile = path.join(folder, 'passphrase');
  const snapshotFile = path.join(folder, 'after-lock.heapsnapshot');
  writeFileSync(keyFile, p8);
  const passphrase = `memory-scan ${Math.random().toString(36).slice(2)} quilt harbour`;
  writeFileSync(passphraseFile, passphrase);

  const body = p8.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
  const needles = {
    'PEM body (first line)': Buffer.from(body[0]!),
    'PEM body (last line)': Buffer.from(body.at(-1)!),
    'the .p8 as base64 (the stored original)': Buffer.from(Buffer.from(p8).toString('base64').slice(0, 64)),
    'private number (raw bytes)': Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url'),
    passphrase: Buffer.from(passphrase),
    // Not a secret: the vault keeps it in memory while unlocked, so a scan that finds none sees nothing.
    'Key ID (a control)': Buffer.from('MEMSCAN001'),
  };

  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, keyFile, passphraseFile, snapshotFile, folder], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const ready = await Promise.race([once(child.stdout, 'data'), once(child, 'exit').then(([code]) => [`exited with ${String(code)}`])]);
    expect(String(ready[0])).toBe('ready\n');
    const memory = process.platform === 'linux' ? countInProcessMemory(child.pid!, needles) : undefined;
    const snapshot = readFileSync(snapshotFile);
    const live = Object.fromEntries(Object.entries(needles).map(([name, needle]) => [name, occurrences(snapshot, needle)]));
    return { memory, live };
  } finally {
    if (child.exitCode === null) {
      child.stdin.end('exit\n');
      await once(child, 'exit');
    }
  }
}

describe('secrets left in main’s memory after unlock, sign, export, copy and lock', () => {
  it('keeps no live JS string of the key or the passphrase, and few stale copies in the process', { timeout: 120_000 }, async () => {
    const { memory, live } = await scanAfterLock();
    console.log('live in the heap snapshot:', live, '\nanywhere in process memory:', memory ?? 'not on this OS');

    const { 'Key ID (a control)': controlLive, ...secretsLive } = live;
    expect(controlLive, 'the snapshot holds what the app keeps in memory').toBeGreaterThan(0);
    expect(secretsLive).toEqual(Object.fromEntries(Object.keys(secretsLive).map((name) => [name, 0])));
    if (memory) {
      const { 'Key ID (a control)': control, ...secrets } = memory;
      expect(control, 'the scan reads the process’s memory').toBeGreaterThan(0);
      console.log(secrets);
    }
  });
});
