import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseBundleRecipients } from '../../../src-main/exports/bundle/bundle-recipients';
import { MAX_BUNDLE_RECIPIENTS } from '../../../src-shared/exports/bundle';

const AGE_RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

/** An OpenSSH public key line made from a fresh Node key (SSH wire format: length-prefixed strings). */
function sshLine(type: 'ssh-ed25519' | 'ssh-rsa', bits = 2048): string {
  const text = (value: Buffer | string) => {
    const bytes = Buffer.from(value);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  if (type === 'ssh-ed25519') {
    const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    return `ssh-ed25519 ${Buffer.concat([text(type), text(Buffer.from(jwk.x ?? '', 'base64url'))]).toString('base64')} ann@example`;
  }
  const jwk = generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' });
  const mpint = (value: string) => text(Buffer.concat([Buffer.alloc(1), Buffer.from(value, 'base64url')]));
  return `ssh-rsa ${Buffer.concat([text(type), mpint(jwk.e ?? ''), mpint(jwk.n ?? '')]).toString('base64')}`;
}

const refusals: Array<{ name: string; recipients: string[]; message: RegExp }> = [
  { name: 'none at all', recipients: [], message: /at least one recipient/ },
  { name: 'an age recipient with a typo', recipients: [AGE_RECIPIENT.replace('ql3', 'ql4')], message: /not a recipient this app can encrypt to/ },
  { name: 'an age recipient cut short', recipients: [AGE_RECIPIENT.slice(0, 40)], message: /copied whole/ },
  { name: 'an age secret key pasted by mistake', recipients: ['AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ'], message: /not a recipient/ },
  { name: 'a post-quantum recipient', recipients: ['age1pq1' + 'q'.repeat(60)], message: /post-quantum/ },
  { name: 'an ECDSA SSH key', recipients: ['ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY='], message: /only to ssh-ed25519 and ssh-rsa/ },
  { name: 'an ssh-ed25519 line without its key', recipients: ['ssh-ed25519'], message: /missing or not base64/ },
  { name: 'an ssh-ed25519 line holding an RSA key', recipients: [sshLine('ssh-rsa').replace(/^ssh-rsa/, 'ssh-ed25519')], message: /not the type it starts with/ },
  { name: 'an ssh-ed25519 key that is not a curve point', recipients: [`ssh-ed25519 ${Buffer.concat([Buffer.from('0000000b', 'hex'), Buffer.from('ssh-ed25519'), Buffer.from('00000020', 'hex'), Buffer.alloc(32, 0xff)]).toString('base64')}`], message: /not a valid Ed25519/ },
  { name: 'an RSA key below 2048 bits', recipients: [sshLine('ssh-rsa', 1024)], message: /1024 bits; age needs at least 2048/ },
  { name: 'too many recipients', recipients: Array.from({ length: MAX_BUNDLE_RECIPIENTS + 1 }, () => sshLine('ssh-ed25519')), message: /at most 20 recipients/ },
];

describe('bundle recipients', () => {
  it('takes age X25519 recipients and ssh-ed25519 and ssh-rsa public key lines, once each', () => {
    expect(parseBundleRecipients([AGE_RECIPIENT, ` ${AGE_RECIPIENT}\n`, sshLine('ssh-ed25519'), sshLine('ssh-rsa')])).toHaveLength(3);
  });

  it.each(refusals)('refuses $name with BAD_RECIPIENT, saying what to give instead', ({ recipients, message }) => {
    expect(() => parseBundleRecipients(recipients)).toThrow(expect.objectContaining({ code: 'BAD_RECIPIENT', message: expect.stringMatching(message) }));
  });
});
