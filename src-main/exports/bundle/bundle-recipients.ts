import { Encrypter, type Recipient } from 'age-encryption';
import { AppError } from '../../../src-shared/errors';
import { MAX_BUNDLE_RECIPIENTS } from '../../../src-shared/exports/bundle';
import { parseSshRecipient } from './ssh-recipients';

/**
 * Who a bundle may be encrypted to besides a passphrase: age X25519 recipients (`age1…`, as age-keygen
 * and this app's Settings print them) and the SSH public keys age accepts (ssh-ed25519, ssh-rsa).
 * Post-quantum and tag recipients (`age1pq1…`, `age1tag1…`) are refused: the age 1.1 tool teammates
 * commonly have cannot read them.
 */
export function parseBundleRecipients(texts: readonly string[]): Array<string | Recipient> {
  const distinct = [...new Set(texts.map((text) => text.trim()))];
  if (distinct.length === 0) throw new AppError('BAD_RECIPIENT', 'Give at least one recipient: an age1… key or an ssh-ed25519 / ssh-rsa public key.');
  if (distinct.length > MAX_BUNDLE_RECIPIENTS) throw new AppError('BAD_RECIPIENT', `A bundle can be encrypted to at most ${MAX_BUNDLE_RECIPIENTS} recipients; this was ${distinct.length}.`);
  return distinct.map(parseBundleRecipient);
}

function parseBundleRecipient(text: string): string | Recipient {
  const shown = text.length > 24 ? `${text.slice(0, 20)}…` : text;
  if (/^(ssh-|ecdsa-|sk-)/.test(text)) {
    const parsed = parseSshRecipient(text);
    if (parsed.ok) return parsed.recipient;
    throw new AppError('BAD_RECIPIENT', `The recipient "${shown}" cannot be used: ${parsed.reason}. Ask for their ~/.ssh/id_ed25519.pub line, or an age1… recipient.`);
  }
  if (/^age1(pq|tag)1/.test(text)) {
    throw new AppError('BAD_RECIPIENT', `The recipient "${shown}" is a post-quantum or tag age recipient, which age 1.1 cannot read. Ask for an X25519 recipient (age-keygen prints one).`);
  }
  if (/^age1[02-9ac-hj-np-z]{58}$/.test(text)) {
    try {
      new Encrypter().addRecipient(text);
      return text;
    } catch {
      // Its checksum does not match: a typo or a cut-off copy.
    }
  }
  throw new AppError(
    'BAD_RECIPIENT',
    `"${shown}" is not a recipient this app can encrypt to. Use an age1… recipient (62 characters, copied whole) or an ssh-ed25519 / ssh-rsa public key line.`,
  );
}
