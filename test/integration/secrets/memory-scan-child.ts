/**
 * The app's main services in a process of their own, driven through the router as the window drives
 * them: create a vault, import a key, lock; then unlock, issue a token, write a fastlane export, copy
 * the key from the Codemagic export, lock. Then it collects garbage, writes a heap snapshot and waits for the parent to read its
 * memory. It is handed only files: the key and the passphrase never appear on its command line.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { routedAppIn } from '../../helpers/routed-app-in';

const [keyFile, passphraseFile, snapshotFile, folder] = process.argv.slice(2) as [string, string, string, string];
const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

async function drive(): Promise<void> {
  const app = routedAppIn(folder);
  const must = async (channel: string, payload: unknown = {}) => {
    const result = await app.call(channel, payload);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}`);
    return result.value as Record<string, unknown>;
  };
  await must('vault.create', { passphrase: readFileSync(passphraseFile, 'utf8') });
  const imported = await app.services.keys.importKey({ source: { type: 'file', path: keyFile }, issuerId: ISSUER_ID, bundleIds: ['com.example.app'] });
  await must('vault.lock');

  await must('vault.unlock', { passphrase: readFileSync(passphraseFile, 'utf8') });
  await must('sign.token', { id: imported.key.id, request: { template: 'asc-team' } });
  app.dialogAnswers.push(mkdirSync(path.join(app.folder, 'export'), { recursive: true }) ?? '');
  await must('exports.write', { request: { target: 'fastlane', keys: { apiKey: imported.key.id } } });
  const copyRequest = { target: 'codemagic', keys: { apiKey: imported.key.id } };
  const preview = (await must('exports.preview', { request: copyRequest })) as { fields: Array<{ label: string; secret: boolean }> };
  await must('exports.copySecretField', { request: copyRequest, label: preview.fields.find((field) => field.secret)?.label });
  await must('vault.lock');
  app.clipboard.text = '';
  app.responses.length = 0;
}

await drive();
for (let round = 0; round < 4; round += 1) {
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
writeHeapSnapshot(snapshotFile);
process.stdout.write('ready\n');
process.stdin.once('data', () => process.exit(0));
