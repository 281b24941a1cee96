import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../../src-main/exports/bundle/bundle-crypto';
import { BundleService } from '../../../src-main/exports/bundle/bundle-service';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { findInstalledAge } from '../../helpers/find-age';
import { fingerprintOf } from '../../helpers/keys';
import { tempFolder } from '../../helpers/temp-vault';
import { readmeExampleWithFreshKeys } from '../../unit/exports/bundle-readme';
import { expectSameKey } from '../../unit/exports/export-fixtures';
import { buildCliCopy, cliRunner, rememberSecret, REPO_ROOT } from '../cli/cli-harness';
import { keyServiceFixture } from '../keys/key-service-fixtures';
import { importTestKey } from './exports-fixture';

// The reference Go implementation of age, wherever the machine has it (see find-age.ts); the CI script installs it.
const AGE_TOOL = findInstalledAge();
const PASSPHRASE = 'marble-otter-quilt-sunny-anchor-thorn';

// .ci/run sets this: there the check must run, so a machine without age fails instead of skipping it.
if (process.env.ASC_REQUIRE_AGE && !AGE_TOOL.found) throw new Error(`ASC_REQUIRE_AGE is set, and the reference age cannot run: ${AGE_TOOL.reason}`);
if (!AGE_TOOL.found) console.warn(`Skipping the reference age checks of bundles: ${AGE_TOOL.reason}.`);
const skipNote = AGE_TOOL.found ? '' : ` [skipped: ${AGE_TOOL.reason}]`;

/** Runs age in a pseudo-terminal, typing each line of `typed` at its prompts. */
function ageInTerminal(args: string[], typed: string[]): { status: number | null; output: string } {
  if (!AGE_TOOL.found) throw new Error(AGE_TOOL.reason);
  const { script, argsFor } = AGE_TOOL.terminal;
  const run = spawnSync(script, argsFor([AGE_TOOL.age, ...args]), { input: typed.map((line) => `${line}\n`).join(''), encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('bundles and the age command-line tool', () => {
  it.skipIf(!AGE_TOOL.found)(`age --decrypt opens a bundle with its passphrase and finds the same payload${skipNote}`, async () => {
    const fixture = await keyServiceFixture();
    const { key } = await importTestKey(fixture, 'asc-team', { extra: { tags: ['ci'] } });
    // The app's own scrypt cost, as a teammate would receive it.
    const bundles = new BundleService({ keys: fixture.service });
    const folder = tempFolder();
    const bundleFile = path.join(folder, 'keys.age');
    const jsonFile = path.join(folder, 'keys.json');
    await bundles.write([key.id], PASSPHRASE, bundleFile);

    const decrypted = ageInTerminal(['--decrypt', '--output', jsonFile, bundleFile], [PASSPHRASE]);

    expect(decrypted.status, decrypted.output).toBe(0);
    const independent = JSON.parse(readFileSync(jsonFile, 'utf8')) as Awaited<ReturnType<typeof readBundle>>;
    expect(independent).toEqual(await readBundle(readFileSync(bundleFile, 'utf8'), PASSPHRASE));
    expectSameKey(independent.keys[0]?.privateKeyPem ?? '', key);
  }, 120_000);

  it.skipIf(!AGE_TOOL.found)(`age --decrypt refuses the wrong passphrase too${skipNote}`, async () => {
    const fixture = await keyServiceFixture();
    const { key } = await importTestKey(fixture, 'in-app-purchase');
    const bundleFile = path.join(tempFolder(), 'keys.age');
    await new BundleService({ keys: fixture.service, scryptWorkFactor: 10 }).write([key.id], PASSPHRASE, bundleFile);

    const decrypted = ageInTerminal(['--decrypt', '--output', path.join(path.dirname(bundleFile), 'out.json'), bundleFile], ['otter-marble']);

    expect(decrypted.status).not.toBe(0);
    expect(decrypted.output).toContain('incorrect passphrase');
  });

  it.skipIf(!AGE_TOOL.found)(`a bundle payload encrypted by age --passphrase --armor imports into a vault${skipNote}`, async () => {
    const source = await keyServiceFixture();
    const { key } = await importTestKey(source, 'asc-team');
    const folder = tempFolder();
    await new BundleService({ keys: source.service, scryptWorkFactor: 10 }).write([key.id], PASSPHRASE, path.join(folder, 'ours.age'));
    const payload = await readBundle(readFileSync(path.join(folder, 'ours.age'), 'utf8'), PASSPHRASE);
    writeFileSync(path.join(folder, 'payload.json'), JSON.stringify(payload));

    const encrypted = ageInTerminal(['--encrypt', '--passphrase', '--armor', '--output', path.join(folder, 'theirs.age'), path.join(folder, 'payload.json')], [PASSPHRASE, PASSPHRASE]);
    expect(encrypted.status, encrypted.output).toBe(0);

    const target = await keyServiceFixture();
    const bundles = new BundleService({ keys: target.service });
    const { imported } = await bundles.importAll(await bundles.readFile(path.join(folder, 'theirs.age')), PASSPHRASE);
    expect(imported.map((entry) => entry.fingerprint)).toEqual([key.fingerprint]);
  }, 120_000);

  it.skipIf(!AGE_TOOL.found)(`a bundle written by hand as the README's "Bundle format" shows, encrypted by age, imports into a vault${skipNote}`, async () => {
    const { bundleFile, fingerprints } = handWrittenBundle();
    const target = await keyServiceFixture();
    const bundles = new BundleService({ keys: target.service });
    const bundle = await bundles.readFile(bundleFile);

    const preview = await bundles.preview(bundle, PASSPHRASE);
    expect(preview).toMatchObject({ formatVersion: 1, createdAt: '2025-06-01T10:00:00.000Z', importable: 3 });
    expect(preview.keys.map((key) => key.problem)).toEqual([undefined, undefined, undefined]);

    const { imported, duplicates } = await bundles.importAll(bundle, PASSPHRASE);

    expect(duplicates).toEqual([]);
    expect(imported).toMatchObject(README_KEYS.map((key, index) => ({ ...key, fingerprint: fingerprints[index] })));
    expect(imported[1]).not.toHaveProperty('issuerId');
    expect(target.service.listKeys()).toHaveLength(3);
  }, 120_000);

  it.skipIf(!AGE_TOOL.found)(`asc-key-vault bundle import takes the same hand-written bundle${skipNote}`, async () => {
    const { bundleFile, fingerprints } = handWrittenBundle();
    const cli = cliRunner(buildCliCopy(CLI_BUILD_FOLDER));
    const vault = path.join(tempFolder(), 'vault.sqlite');
    const passphraseFile = path.join(path.dirname(bundleFile), 'bundle-passphrase.txt');
    writeFileSync(passphraseFile, `${PASSPHRASE}\n`, { mode: 0o600 });
    const init = await cli.runWithVault(vault, ['init']);
    expect(init.code, init.stderr).toBe(0);

    const result = await cli.runJson<{ imported: Array<{ keyId: string; kind: string; issuerId: string | null; fingerprint: string }> }>(vault, [
      'bundle',
      'import',
      bundleFile,
      '--bundle-passphrase-file',
      passphraseFile,
    ]);

    expect(result.imported.map(({ keyId, kind, issuerId, fingerprint }) => ({ keyId, kind, issuerId, fingerprint }))).toEqual(
      README_KEYS.map(({ keyId, kind, issuerId }, index) => ({ keyId, kind, issuerId: issuerId ?? null, fingerprint: fingerprints[index] })),
    );
  }, 180_000);
});

// The keys of the README's example, as a vault holds them once imported.
const README_ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const README_KEYS: Array<Partial<KeySummary>> = [
  { kind: 'asc-team', name: 'CI uploads', keyId: '2X9R4HXF34', issuerId: README_ISSUER_ID, originalFileName: 'AuthKey_2X9R4HXF34.p8', tags: ['ci'], environment: 'production' },
  { kind: 'asc-individual', name: 'Local scripts', keyId: '8KQ3M7ZP2D', originalFileName: 'AuthKey_8KQ3M7ZP2D.p8', tags: [], bundleIds: [] },
  { kind: 'in-app-purchase', name: 'Subscriptions', keyId: 'ZT6N4C9V1B', issuerId: README_ISSUER_ID, originalFileName: 'SubscriptionKey_ZT6N4C9V1B.p8', bundleIds: ['com.example.app'] },
];

// This file's own build of the CLI: cli.test.ts rebuilds dist/cli/ while the suite runs.
const CLI_BUILD_FOLDER = 'cli-bundle-age-test';
afterAll(() => rmSync(path.join(REPO_ROOT, 'dist', CLI_BUILD_FOLDER), { recursive: true, force: true }));

/** The README's example JSON with fresh keys in it, encrypted by `age --encrypt --passphrase --armor` as its text says. */
function handWrittenBundle(): { bundleFile: string; fingerprints: string[] } {
  const { payload, p8s } = readmeExampleWithFreshKeys();
  for (const p8 of p8s) rememberSecret(p8);
  const folder = tempFolder();
  const jsonFile = path.join(folder, 'keys.json');
  const bundleFile = path.join(folder, 'team-keys.age');
  writeFileSync(jsonFile, `${JSON.stringify(payload, null, 2)}\n`);
  const encrypted = ageInTerminal(['--encrypt', '--passphrase', '--armor', '--output', bundleFile, jsonFile], [PASSPHRASE, PASSPHRASE]);
  expect(encrypted.status, encrypted.output).toBe(0);
  expect(readFileSync(bundleFile, 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n/);
  return { bundleFile, fingerprints: p8s.map((p8) => fingerprintOf(createPrivateKey(p8))) };
}
