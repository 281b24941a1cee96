import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildsDebPackage, debPublisherArguments, MISSING_PUBLISHER } from '../../../build-config/deb-publisher.mjs';
import { standInPackagingOverrides } from './fake-electron';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);
const packageScript = path.join(root, 'scripts', 'package.mjs');
const publisher = { ASC_VAULT_MAINTAINER: 'Test Publisher <publisher@example.com>', ASC_VAULT_HOMEPAGE: 'https://example.com/asc-key-vault' };

/** Runs `npm run package`'s script as the user would, without the publisher variables of this machine. */
async function runPackageScript(args: string[], env: Record<string, string>) {
  const { ASC_VAULT_MAINTAINER: _maintainer, ASC_VAULT_HOMEPAGE: _homepage, ...machine } = process.env;
  return run(process.execPath, [packageScript, ...args], {
    cwd: root,
    env: { ...machine, CSC_IDENTITY_AUTO_DISCOVERY: 'false', ...env },
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('the deb publisher, read from the environment', () => {
  it('becomes the Maintainer and Homepage overrides electron-builder takes', () => {
    expect(debPublisherArguments(publisher)).toEqual({
      args: ['-c.linux.maintainer=Test Publisher <publisher@example.com>', '-c.extraMetadata.homepage=https://example.com/asc-key-vault'],
    });
  });

  it('is optional: with neither variable set there is nothing to add', () => {
    expect(debPublisherArguments({})).toEqual({ args: [] });
  });

  it.each([
    ['an address without a name', { ...publisher, ASC_VAULT_MAINTAINER: 'publisher@example.com' }, /ASC_VAULT_MAINTAINER must read "Name <email>"/],
    ['a name without an address', { ...publisher, ASC_VAULT_MAINTAINER: 'Test Publisher' }, /ASC_VAULT_MAINTAINER must read "Name <email>"/],
    ['only the homepage', { ASC_VAULT_HOMEPAGE: publisher.ASC_VAULT_HOMEPAGE }, /ASC_VAULT_MAINTAINER must read/],
    ['only the maintainer', { ASC_VAULT_MAINTAINER: publisher.ASC_VAULT_MAINTAINER }, /ASC_VAULT_HOMEPAGE must be the project's https:\/\/ address/],
    ['a plain http homepage', { ...publisher, ASC_VAULT_HOMEPAGE: 'http://example.com' }, /ASC_VAULT_HOMEPAGE must be/],
    ['a homepage that is not an address', { ...publisher, ASC_VAULT_HOMEPAGE: 'example.com' }, /ASC_VAULT_HOMEPAGE must be/],
  ])('is refused with what to fix for %s', (_case, env, problem) => {
    const result = debPublisherArguments(env);
    expect('problem' in result && result.problem).toMatch(problem);
  });
});

describe('which electron-builder arguments build the deb', () => {
  it.each([
    [['--linux'], 'darwin', true],
    [['-l'], 'darwin', true],
    [['--linux', 'deb', '--x64'], 'darwin', true],
    [['--linux', 'AppImage', 'deb:arm64'], 'darwin', true],
    [['--linux', 'deb', '--dir'], 'linux', true],
    [['--linux', 'AppImage:arm64'], 'linux', false],
    [['--linux=deb'], 'darwin', true],
    [['--linux', 'AppImage', '--x64'], 'linux', false],
    [['--linux', '--dir'], 'linux', false],
    [['--mac', '--win'], 'linux', false],
    [[], 'linux', true],
    [[], 'darwin', false],
    [['--mac', '--linux'], 'darwin', true],
  ])('%j on %s: %s', (args, host, builds) => {
    expect(buildsDebPackage(args, host)).toBe(builds);
  });
});

describe('npm run package -- --linux deb (stand-in Electron and fpm)', () => {
  let workDir: string;
  let fpmArgs: string[];
  let overrides: string[];

  beforeAll(async () => {
    if (!existsSync(path.join(root, 'dist', 'main', 'main.cjs'))) throw new Error('dist/ is missing: run `npm run build` first.');
    workDir = await mkdtemp(path.join(os.tmpdir(), 'asc-deb-'));
    // fpm turns the unpacked app into the .deb; the stand-in records what electron-builder asks of it.
    const fpm = path.join(workDir, 'fpm');
    const recorded = path.join(workDir, 'fpm-args.json');
    await writeFile(
      fpm,
      `#!${process.execPath}\nconst fs = require('node:fs');\nconst args = process.argv.slice(2);\n` +
        `fs.writeFileSync(${JSON.stringify(recorded)}, JSON.stringify(args));\n` +
        `fs.writeFileSync(args[args.indexOf('--package') + 1], 'stand-in deb');\n`,
    );
    await chmod(fpm, 0o755);
    overrides = await standInPackagingOverrides(workDir);
    const result = await runPackageScript(['--linux', 'deb', '--x64', '--publish', 'never', ...overrides], { ...publisher, CUSTOM_FPM_PATH: fpm });
    if (result.code !== 0) throw new Error(`npm run package failed:\n${result.stderr}`);
    fpmArgs = JSON.parse(readFileSync(recorded, 'utf8')) as string[];
  }, 300_000);

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  function valueOf(flag: string): string {
    const at = fpmArgs.indexOf(flag);
    if (at === -1) throw new Error(`electron-builder did not pass ${flag} to fpm`);
    return fpmArgs[at + 1] ?? '';
  }

  it('builds a deb named after the package, version and architecture', () => {
    expect(fpmArgs.slice(0, 5)).toEqual(['-s', 'dir', '--force', '-t', 'deb']);
    expect(valueOf('--name')).toBe('asc-key-vault');
    expect(valueOf('--version')).toBe('0.1.0');
    expect(valueOf('--architecture')).toBe('amd64');
    expect(path.basename(valueOf('--package'))).toBe('asc-key-vault_0.1.0_amd64.deb');
    expect(existsSync(valueOf('--package'))).toBe(true);
  });

  it('names the publisher from the environment as Maintainer, vendor and homepage', () => {
    expect(valueOf('--maintainer')).toBe('Test Publisher <publisher@example.com>');
    expect(valueOf('--vendor')).toBe('Test Publisher <publisher@example.com>');
    expect(valueOf('--url')).toBe('https://example.com/asc-key-vault');
  });

  it('installs the unpacked app under /opt with a desktop entry and the icon set', () => {
    expect(fpmArgs).toContain(`${path.join(workDir, 'release', 'linux-unpacked')}/=/opt/ASC Key Vault`);
    expect(fpmArgs.some((arg) => arg.endsWith('=/usr/share/applications/asc-key-vault.desktop'))).toBe(true);
    for (const size of [16, 256, 1024]) expect(fpmArgs).toContain(`${path.join(root, 'assets', 'icons', `${size}x${size}.png`)}=/usr/share/icons/hicolor/${size}x${size}/apps/asc-key-vault.png`);
  });

  it('refuses before packing, saying what to set, when the publisher is missing', async () => {
    const result = await runPackageScript(['--linux', 'deb', ...overrides], {});
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(MISSING_PUBLISHER);
    expect(result.stdout).not.toMatch(/packaging/);
  });

  it('refuses a malformed publisher the same way', async () => {
    const result = await runPackageScript(['--linux', 'deb', ...overrides], { ...publisher, ASC_VAULT_MAINTAINER: 'nobody' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ASC_VAULT_MAINTAINER must read "Name <email>"/);
  });
});
