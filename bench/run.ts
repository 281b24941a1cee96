/**
 * npm run bench: figures as ratios against baselines measured in the same run on this machine.
 * Nothing here asserts a time; read the table.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { Encrypter } from 'age-encryption';
import { argon2id } from 'hash-wasm';
import { chromium } from 'playwright-core';
import { findInstalledBrowser } from '../test/e2e/support/find-browser';
import { startLoopbackTransport } from '../test/e2e/support/loopback-transport';
import { queuedDialogs } from '../test/helpers/queued-dialogs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createHandlers } from '../src-main/app/create-handlers';
import { createServices } from '../src-main/app/create-services';
import { DEFAULT_SCRYPT_WORK_FACTOR } from '../src-main/exports/bundle/bundle-crypto';
import { ScryptPassphraseRecipient } from '../src-main/exports/bundle/scrypt-stanza';
import { createRouter } from '../src-main/ipc/router';
import { KeyService } from '../src-main/keys/key-service';
import { DEFAULT_KDF_COST, deriveKeyEncryptionKey } from '../src-main/vault/kdf';
import { seenGenerationsFile } from '../src-main/vault/seen-generations';
import { Vault } from '../src-main/vault/vault';
import Database from 'better-sqlite3';

const CHEAP_KDF = { memoryKiB: 64, iterations: 1, parallelism: 1 };
const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
}

const PASSPHRASE = 'bench passphrase for the vault';

async function timedMs(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function medianMs(runs: number, work: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) times.push(await timedMs(work));
  return median(times);
}

/** The implementation before @node-rs/argon2: hash-wasm's WebAssembly, on the calling thread. */
async function deriveWithWasm(salt: string): Promise<void> {
  await argon2id({ password: PASSPHRASE, salt: Buffer.from(salt, 'base64'), memorySize: DEFAULT_KDF_COST.memoryKiB, iterations: DEFAULT_KDF_COST.iterations, parallelism: DEFAULT_KDF_COST.parallelism, hashLength: 32, outputType: 'binary' });
}

async function benchUnlock(folder: string): Promise<Row[]> {
  const file = path.join(folder, 'unlock.sqlite');
  const vault = new Vault({ path: file, kdfCost: DEFAULT_KDF_COST });
  await vault.create(PASSPHRASE);
  vault.lock();
  // Alternated round by round, so that the figure and its baselines see the same machine (memory, clock speed).
  const kdfTimes: number[] = [];
  const wasmTimes: number[] = [];
  const unlockTimes: number[] = [];
  const stalls: number[] = [];
  const salt = () => randomBytes(16).toString('base64');
  for (let round = 0; round < 7; round += 1) {
    kdfTimes.push(await timedMs(() => deriveKeyEncryptionKey(PASSPHRASE, { name: 'argon2id', ...DEFAULT_KDF_COST, salt: salt() })));
    wasmTimes.push(await timedMs(() => deriveWithWasm(salt())));
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    unlockTimes.push(
      await timedMs(async () => {
        await vault.unlock(PASSPHRASE);
        vault.lock();
      }),
    );
    loop.disable();
    stalls.push(loop.max / 1e6);
  }
  const kdfMs = median(kdfTimes);
  const wasmMs = median(wasmTimes);
  const unlockMs = median(unlockTimes);
  return [
    { figure: 'unlock (Argon2id 64 MiB, t=3, p=4)', value: `${unlockMs.toFixed(0)} ms`, baseline: `KDF alone ${kdfMs.toFixed(0)} ms`, ratio: (unlockMs / kdfMs).toFixed(2) },
    { figure: 'KDF: @node-rs/argon2 (thread pool)', value: `${kdfMs.toFixed(0)} ms`, baseline: `hash-wasm (main thread) ${wasmMs.toFixed(0)} ms`, ratio: (kdfMs / wasmMs).toFixed(2) },
    { figure: 'main thread: longest stall during unlock', value: `${median(stalls).toFixed(1)} ms`, baseline: `unlock ${unlockMs.toFixed(0)} ms`, ratio: (median(stalls) / unlockMs).toFixed(3) },
  ];
}

/**
 * A 10,000-key vault at the default KDF cost, records written straight through the vault (import's
 * checks are timed elsewhere). Unlock checks the schema, opens every record and checks the manifest;
 * its baseline is the KDF alone, in alternate rounds. A write (one record re-sealed, the manifest
 * brought up to date and re-sealed, the generation remembered) is set against a bare SQLite
 * transaction that updates one row of the same size in a file with the vault's settings.
 */
async function benchLargeVault(folder: string): Promise<Row[]> {
  const count = 10_000;
  const vault = new Vault({ path: path.join(folder, 'large.sqlite'), kdfCost: DEFAULT_KDF_COST, seenGenerations: seenGenerationsFile(path.join(folder, 'seen-vaults.json')) });
  await vault.create(PASSPHRASE);
  const secret = { pem: Buffer.from(newP8()).toString() };
  vault.transaction((writer) => {
    for (let n = 0; n < count; n += 1) writer.putItem({ data: { name: `Key number ${n}`, keyId: keyIdFor(n), bundleIds: [`com.example.app${n}`] }, secret });
  });
  vault.lock();
  const kdfTimes: number[] = [];
  const unlockTimes: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    kdfTimes.push(await timedMs(() => deriveKeyEncryptionKey(PASSPHRASE, { name: 'argon2id', ...DEFAULT_KDF_COST, salt: randomBytes(16).toString('base64') })));
    unlockTimes.push(
      await timedMs(async () => {
        await vault.unlock(PASSPHRASE);
        vault.lock();
      }),
    );
  }
  await vault.unlock(PASSPHRASE);
  const [target] = vault.listItems<{ name: string }>();
  let edits = 0;
  const writeMs = await medianMs(31, () => vault.transaction((writer) => writer.updateItemData(target!.id, { name: `Renamed ${(edits += 1)}` })));
  const rowBytes = vault.withSecretField(target!.id, 'pem', (pem) => pem.length) + 200;
  vault.lock();

  const bare = new Database(path.join(folder, 'bare.sqlite'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = FULL');
  bare.pragma('secure_delete = ON');
  bare.exec('CREATE TABLE items (id TEXT PRIMARY KEY, ciphertext BLOB NOT NULL) STRICT');
  const insert = bare.prepare('INSERT INTO items (id, ciphertext) VALUES (?, ?)');
  bare.transaction(() => {
    for (let n = 0; n < count; n += 1) insert.run(`id-${n}`, randomBytes(rowBytes));
  })();
  const update = bare.prepare('UPDATE items SET ciphertext = ? WHERE id = ?');
  const bareMs = await medianMs(31, () => bare.transaction(() => update.run(randomBytes(rowBytes), 'id-0'))());
  bare.close();

  const kdfMs = median(kdfTimes);
  const unlockMs = median(unlockTimes);
  return [
    { figure: 'unlock, 10,000 keys (schema, every record, manifest)', value: `${unlockMs.toFixed(0)} ms`, baseline: `KDF alone ${kdfMs.toFixed(0)} ms`, ratio: (unlockMs / kdfMs).toFixed(2) },
    { figure: 'one write, 10,000 keys (record + manifest)', value: `${writeMs.toFixed(2)} ms`, baseline: `bare SQLite row update ${bareMs.toFixed(2)} ms`, ratio: (writeMs / bareMs).toFixed(2) },
  ];
}

/** The app's services on a vault file in the bench folder, with inert clipboard, dialogs and keychain. */
function benchServices(folder: string, file: string, kdfCost?: typeof CHEAP_KDF) {
  return createServices({
    vaultFile: path.join(folder, file),
    preferencesStorage: { read: () => undefined, write: () => undefined },
    appleFetch: () => Promise.reject(new Error('the benchmark makes no requests to Apple')),
    clipboard: { readText: () => '', writeText: () => undefined },
    dialogs: queuedDialogs().dialogs,
    downloadsFolder: folder,
    openExternal: async () => undefined,
    showItemInFolder: () => undefined,
    keychain: { unavailableReason: () => 'not used in the benchmark', encrypt: (bytes) => bytes, decrypt: (bytes) => bytes },
    notify: () => undefined,
    ...(kdfCost ? { kdfCost } : {}),
  });
}

function newP8(): Uint8Array {
  // Straight to PEM: no KeyObject shared with the generation job (see generatePrivateKey in test/helpers/keys.ts).
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  return Buffer.from(privateKey);
}

const keyIdFor = (n: number) => `K${n.toString(36).toUpperCase().padStart(9, '0')}`;

/** Imports `count` keys through KeyService (full validation and read-back), returning the vault and the time per key. */
async function vaultWithKeys(folder: string, count: number): Promise<{ keys: KeyService; vault: Vault; importMsPerKey: number }> {
  const vault = new Vault({ path: path.join(folder, `keys-${count}.sqlite`), kdfCost: CHEAP_KDF });
  await vault.create(PASSPHRASE);
  const files = new Map<string, Uint8Array>();
  const keys = new KeyService({ vault, readFile: (file) => files.get(file)! });
  const start = performance.now();
  for (let n = 0; n < count; n += 1) {
    const file = `/bench/AuthKey_${keyIdFor(n)}.p8`;
    files.set(file, newP8());
    await keys.importKey({ source: { type: 'file', path: file }, issuerId: ISSUER_ID, bundleIds: [`com.example.app${n}`], name: `Key number ${n}` });
  }
  return { keys, vault, importMsPerKey: (performance.now() - start) / count };
}

async function benchKeys(folder: string): Promise<Row[]> {
  const rows: Row[] = [];
  let importRow: Row | null = null;
  for (const count of [100, 1_000, 10_000]) {
    const { keys, vault, importMsPerKey } = await vaultWithKeys(folder, count);
    vault.lock();
    const unlockMs = await medianMs(3, async () => {
      await vault.unlock(PASSPHRASE);
      vault.lock();
    });
    await vault.unlock(PASSPHRASE);
    const listMs = await medianMs(5, () => keys.listKeys(''));
    const searchMs = await medianMs(5, () => keys.listKeys('app42 number'));
    vault.lock();
    rows.push({
      figure: `list + search, ${count.toLocaleString('en')} keys`,
      value: `${(listMs + searchMs).toFixed(1)} ms`,
      baseline: `unlock (decrypt all, cheap KDF) ${unlockMs.toFixed(0)} ms`,
      ratio: `${(((listMs + searchMs) / count) * 1000).toFixed(2)} µs/key`,
    });
    if (count === 1_000) importRow = { figure: 'import per key (validate, encrypt, read back)', value: `${importMsPerKey.toFixed(2)} ms`, baseline: '-', ratio: '-' };
  }
  return importRow ? [...rows, importRow] : rows;
}

/**
 * The Keys screen's list: 100 keys with a long history (20,000 tokens signed), searched for one
 * letter as the user starts typing. Its baseline is the same search without each key's last use.
 */
async function benchKeyListLastUse(folder: string): Promise<Row> {
  const keyCount = 100;
  const eventCount = 20_000;
  const { keys, vault } = await vaultWithKeys(folder, keyCount);
  const ids = keys.listKeys().map((key) => key.id);
  vault.transaction((writer) => {
    for (let n = 0; n < eventCount; n += 1) writer.appendEvent({ type: 'token.issued', summary: `Signed token ${n}`, itemId: ids[n % keyCount]! });
  });
  const listMs = await medianMs(21, () => keys.listKeys('k'));
  const withLastUseMs = await medianMs(21, () => keys.listKeysWithLastUse('k'));
  vault.lock();
  return {
    figure: `keys.list with last use, ${keyCount} keys, ${eventCount.toLocaleString('en')} events, query "k"`,
    value: `${withLastUseMs.toFixed(2)} ms`,
    baseline: `listKeys without last use ${listMs.toFixed(2)} ms`,
    ratio: (withLastUseMs / listMs).toFixed(1),
  };
}

async function benchTokens(folder: string): Promise<Row> {
  const services = benchServices(folder, 'tokens.sqlite', CHEAP_KDF);
  await services.vault.create(PASSPHRASE);
  const p8 = newP8();
  const keys = new KeyService({ vault: services.vault, readFile: () => p8 });
  const { key } = await keys.importKey({ source: { type: 'file', path: '/bench/AuthKey_TOKENKEY01.p8' }, issuerId: ISSUER_ID });
  const dispatch = createRouter({ handlers: createHandlers(services), isTrustedSender: () => true, senderId: () => 'bench', logInternalError: () => undefined });

  const rounds = 500;
  const viaRouter = await medianMs(3, async () => {
    for (let n = 0; n < rounds; n += 1) await dispatch('sign.token', { id: key.id, request: { template: 'asc-team' } }, {});
  });
  const privateKey = createPrivateKey(Buffer.from(p8).toString());
  const message = Buffer.from('eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJiZW5jaCJ9');
  const rawSign = await medianMs(3, () => {
    for (let n = 0; n < rounds; n += 1) sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  });
  services.vault.lock();
  const perSecond = (ms: number) => Math.round((rounds / ms) * 1000);
  return {
    figure: 'ES256 team tokens through the router (decrypt, sign, audit)',
    value: `${perSecond(viaRouter).toLocaleString('en')} /s`,
    baseline: `raw crypto.sign ${perSecond(rawSign).toLocaleString('en')} /s`,
    ratio: (rawSign / viaRouter).toFixed(3),
  };
}

/** A bundle's passphrase at age's cost (log2 N = 18): Node's scrypt on the thread pool vs age-encryption's own on main's thread. */
async function benchBundleScrypt(): Promise<Row> {
  const fileKey = randomBytes(16);
  const nodeMs = await medianMs(3, () => new ScryptPassphraseRecipient(PASSPHRASE, DEFAULT_SCRYPT_WORK_FACTOR).wrapFileKey(fileKey));
  const jsMs = await medianMs(3, () => {
    const encrypter = new Encrypter();
    encrypter.setPassphrase(PASSPHRASE);
    return encrypter.encrypt(fileKey);
  });
  return { figure: 'bundle scrypt: Node crypto.scrypt (thread pool)', value: `${nodeMs.toFixed(0)} ms`, baseline: `age-encryption's (main thread) ${jsMs.toFixed(0)} ms`, ratio: (nodeMs / jsMs).toFixed(2) };
}

function benchBundleSize(): Row {
  const assets = path.resolve('dist/renderer/assets');
  const files = readdirSync(assets).filter((name) => name.endsWith('.js') || name.endsWith('.css'));
  const raw = files.reduce((total, name) => total + readFileSync(path.join(assets, name)).length, 0);
  const gzipped = files.reduce((total, name) => total + gzipSync(readFileSync(path.join(assets, name)), { level: 9 }).length, 0);
  return { figure: 'renderer bundle (JS + CSS), gzip', value: `${(gzipped / 1024).toFixed(1)} KB`, baseline: `raw ${(raw / 1024).toFixed(1)} KB`, ratio: (gzipped / raw).toFixed(3) };
}

/** First contentful paint of the built renderer vs a one-line static page, in the same Chromium. */
async function benchFirstPaint(folder: string): Promise<Row> {
  const services = benchServices(folder, 'paint.sqlite');
  const transport = await startLoopbackTransport((notify) => ({ handlers: createHandlers({ ...services, notify }), keyFiles: services.keyFiles }));
  const installed = findInstalledBrowser();
  if (!installed.found) throw new Error(installed.message);
  const browser = await chromium.launch({
    ...installed.launch,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const paintOf = async (url: string) => {
    const times: number[] = [];
    for (let run = 0; run < 5; run += 1) {
      const page = await browser.newPage();
      await page.addInitScript(transport.initScript);
      await page.goto(url);
      await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
      times.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]!.startTime));
      await page.close();
    }
    return times.sort((a, b) => a - b)[2]!;
  };
  try {
    const app = await paintOf(transport.url);
    const blank = await paintOf('data:text/html,<p>hello</p>');
    return { figure: 'first contentful paint of the renderer (Chromium)', value: `${app.toFixed(0)} ms`, baseline: `one-line page ${blank.toFixed(0)} ms`, ratio: (app / blank).toFixed(2) };
  } finally {
    await browser.close();
    await transport.close();
  }
}

const folder = mkdtempSync(path.join(tmpdir(), 'asc-vault-bench-'));
try {
  const only = process.argv.includes('--vault')
    ? [...(await benchUnlock(folder)), ...(await benchLargeVault(folder))]
    : process.argv.includes('--key-list')
      ? [await benchKeyListLastUse(folder)]
      : process.argv.includes('--bundle-scrypt')
        ? [await benchBundleScrypt()]
        : null;
  const rows =
    only ??
    (process.argv.includes('--quick')
      ? [benchBundleSize(), await benchFirstPaint(folder)]
      : [...(await benchUnlock(folder)), ...(await benchLargeVault(folder)), await benchTokens(folder), await benchBundleScrypt(), ...(await benchKeys(folder)), await benchKeyListLastUse(folder), benchBundleSize(), await benchFirstPaint(folder)]);
  console.table(rows);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
