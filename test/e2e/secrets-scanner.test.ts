import { describe, expect, it } from 'vitest';
import { appStoreConnectP8, generateP256Key } from '../helpers/keys';
import { captureProcessOutput } from './support/process-output';
import { SecretsScanner } from './support/secrets-scanner';

describe('secrets scanner', () => {
  const pem = appStoreConnectP8(generateP256Key());
  const scanner = new SecretsScanner();
  scanner.add(pem);
  scanner.add('violet anchor seventy lantern');

  it('finds PEM armour, any body line of a registered key, the joined body, and a passphrase', () => {
    const lines = pem.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));
    expect(scanner.findLeaks(['{"ok":true,"value":"-----BEGIN PRIVATE KEY-----"}'])).toHaveLength(1);
    for (const line of lines) expect(scanner.findLeaks([`{"value":"${line}"}`]).length).toBeGreaterThan(0);
    expect(scanner.findLeaks([lines.join('')]).length).toBeGreaterThan(0);
    expect(scanner.findLeaks(['unlock with violet anchor seventy lantern'])).toHaveLength(1);
  });

  it('passes ordinary traffic', () => {
    expect(scanner.findLeaks(['{"ok":true,"value":{"state":"unlocked","itemCount":2}}', '[main] keys.list failed: Error: boom'])).toEqual([]);
  });

  it('sees what main writes to the console or stderr while a harness runs, and stops seeing it after', () => {
    const output = captureProcessOutput();
    console.warn('[main] %s', 'violet anchor seventy lantern');
    process.stderr.write('-----BEGIN PRIVATE KEY-----\n');
    output.stop();
    console.warn('after stop');
    expect(output.lines).toEqual(['[main] violet anchor seventy lantern', '-----BEGIN PRIVATE KEY-----\n']);
    expect(scanner.findLeaks(output.lines)).toHaveLength(2);
  });
});
