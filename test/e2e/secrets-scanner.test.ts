import { describe, expect, it } from 'vitest';
import { appStoreConnectP8, generateP256Key } from '../helpers/keys';
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
});
