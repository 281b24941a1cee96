import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../../src-main/exports/bundle/bundle-crypto';
import { BundleService } from '../../../src-main/exports/bundle/bundle-service';
import { shellQuote } from '../../../src-main/exports/shell-quote';
import { tempFolder } from '../../helpers/temp-vault';
import { expectSameKey } from '../../unit/exports/export-fixtures';
import { keyServiceFixture } from '../keys/key-service-fixtures';
import { importTestKey } from './exports-fixture';

// The Debian `age` package (the reference Go implementation); the CI script installs it.
const AGE = '/usr/bin/age';
// age reads passphrases from the terminal only, so util-linux `script` gives it one.
const SCRIPT = '/usr/bin/script';
const PASSPHRASE = 'marble-otter-quilt-sunny-anchor-thorn';

const missing = [AGE, SCRIPT].filter((tool) => !existsSync(tool));
// .ci/run sets this: there the check must run, so a machine without age fails instead of skipping it.
if (process.env.ASC_REQUIRE_AGE && missing.length > 0) throw new Error(`${missing.join(' and ')} not installed, and ASC_REQUIRE_AGE is set`);
const skipNote = missing.length === 0 ? '' : ` [skipped: ${missing.join(' and ')} not installed; apt-get install age bsdutils]`;

/** Runs age in a pseudo-terminal, typing each line of `typed` at its prompts. */
function ageInTerminal(args: string[], typed: string[]): { status: number | null; output: string } {
  const command = [AGE, ...args].map(shellQuote).join(' ');
  const run = spawnSync(SCRIPT, ['-q', '-e', '-c', command, '/dev/null'], { input: typed.map((line) => `${line}\n`).join(''), encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('bundles and the age command-line tool', () => {
  it.skipIf(missing.length > 0)(`age --decrypt opens a bundle with its passphrase and finds the same payload${skipNote}`, async () => {
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

  it.skipIf(missing.length > 0)(`age --decrypt refuses the wrong passphrase too${skipNote}`, async () => {
    const fixture = await keyServiceFixture();
    const { key } = await importTestKey(fixture, 'in-app-purchase');
    const bundleFile = path.join(tempFolder(), 'keys.age');
    await new BundleService({ keys: fixture.service, scryptWorkFactor: 10 }).write([key.id], PASSPHRASE, bundleFile);

    const decrypted = ageInTerminal(['--decrypt', '--output', path.join(path.dirname(bundleFile), 'out.json'), bundleFile], ['otter-marble']);

    expect(decrypted.status).not.toBe(0);
    expect(decrypted.output).toContain('incorrect passphrase');
  });

  it.skipIf(missing.length > 0)(`a bundle payload encrypted by age --passphrase --armor imports into a vault${skipNote}`, async () => {
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
});
