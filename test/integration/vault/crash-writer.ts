/**
 * Child process for the crash-safety test: unlocks the vault given on the command line and adds
 * records in a loop, printing "ack <n>" only after each transaction has committed.
 */
import { Vault } from '../../../src-main/vault/vault';
import { TEST_KDF_COST, TEST_PASSPHRASE } from '../../helpers/temp-vault-constants';

const [file, firstArg] = process.argv.slice(2);
const vault = new Vault({ path: file!, kdfCost: TEST_KDF_COST });
await vault.unlock(TEST_PASSPHRASE);
for (let n = Number(firstArg); ; n += 1) {
  vault.transaction((writer) => {
    writer.putItem({ data: { n }, secret: { pem: `secret ${n}` } });
    writer.appendEvent({ type: 'key.added', summary: `record ${n}` });
  });
  process.stdout.write(`ack ${n}\n`);
}
