/**
 * Child process for the crash-safety test: unlocks the vault given on the command line and writes in a
 * loop, printing a line only after each transaction has committed: "ack put <n>", "ack edit <n>",
 * "ack delete <n>", and "ack passphrase <i>" after a passphrase change (with its re-key) to PASSPHRASES[i].
 */
import { Vault } from '../../../src-main/vault/vault';
import { TEST_KDF_COST } from '../../helpers/temp-vault-constants';
import { CRASH_PASSPHRASES } from './crash-passphrases';

const [file, firstArg, passphraseArg] = process.argv.slice(2);
let passphraseIndex = Number(passphraseArg);
const vault = new Vault({ path: file!, kdfCost: TEST_KDF_COST });
await vault.unlock(CRASH_PASSPHRASES[passphraseIndex]!);
const ids = new Map<number, string>();
for (let n = Number(firstArg); ; n += 1) {
  const item = vault.transaction((writer) => {
    const stored = writer.putItem({ data: { n }, secret: { pem: `secret ${n}` } });
    writer.appendEvent({ type: 'key.added', summary: `record ${n}` });
    return stored;
  });
  ids.set(n, item.id);
  process.stdout.write(`ack put ${n}\n`);
  if (n % 3 === 0) {
    vault.transaction((writer) => writer.updateItemData(item.id, { n, edited: true }));
    process.stdout.write(`ack edit ${n}\n`);
  }
  if (n % 5 === 0 && ids.has(n - 1)) {
    vault.transaction((writer) => writer.deleteItem(ids.get(n - 1)!));
    process.stdout.write(`ack delete ${n - 1}\n`);
  }
  if (n % 17 === 0) {
    const next = (passphraseIndex + 1) % CRASH_PASSPHRASES.length;
    await vault.changePassphrase(CRASH_PASSPHRASES[passphraseIndex]!, CRASH_PASSPHRASES[next]!);
    passphraseIndex = next;
    process.stdout.write(`ack passphrase ${passphraseIndex}\n`);
  }
}
