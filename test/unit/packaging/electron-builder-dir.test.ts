import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUSES } from '../../../build-config/after-pack.mjs';
import { FUSE_OFF, FUSE_ON, standInPackagingOverrides } from './fake-electron';

// `electron-builder --dir` for Linux, run for real on the repository, with two stand-ins for what this
// machine cannot have: a fake Electron distribution (no Electron binary can be downloaded) and no
// native rebuild (it needs Electron's headers from the network; the config test checks `npmRebuild`).
// Everything else is electron-builder's own: config loading and schema validation, the file globs,
// asar packing and unpacking, dependency collection and the afterPack hook.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const lockfile = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; dev?: boolean }>;
};

/** name@version of every package the lockfile installs for production (electron-builder may hoist them differently). */
const productionPackages = new Set(
  Object.entries(lockfile.packages)
    .filter(([location, entry]) => location.includes('node_modules/') && entry.dev !== true)
    .map(([location, entry]) => `${location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`),
);

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const relative = `${dir}/${name}`;
    return statSync(path.join(root, relative)).isDirectory() ? filesUnder(relative) : [relative];
  });
}

describe('electron-builder --dir (Linux, stand-in Electron)', () => {
  let workDir: string;
  let appOutDir: string;
  let archive: string[];

  beforeAll(async () => {
    if (!existsSync(path.join(root, 'dist', 'main', 'main.cjs'))) throw new Error('dist/ is missing: run `npm run build` first.');
    workDir = await mkdtemp(path.join(os.tmpdir(), 'asc-builder-'));
    const cli = createRequire(import.meta.url).resolve('electron-builder/cli.js');
    const args = ['--dir', '--linux', '--x64', '--publish', 'never'];
    const overrides = await standInPackagingOverrides(workDir);
    await run(process.execPath, [cli, ...args, ...overrides], { cwd: root, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' }, maxBuffer: 16 * 1024 * 1024 });
    appOutDir = path.join(workDir, 'release', 'linux-unpacked');
    // Paths inside the archive, relative and with forward slashes.
    archive = listPackage(path.join(appOutDir, 'resources', 'app.asar'), { isPack: false }).map((entry) => entry.replace(/\\/g, '/').replace(/^\//, ''));
  }, 300_000);

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('puts the build output and package.json at the top of app.asar, and the production dependencies', () => {
    expect(new Set(archive.map((entry) => entry.split('/')[0]))).toEqual(new Set(['dist', 'node_modules', 'package.json']));
  });

  it('packs every file of dist/main, dist/preload and dist/renderer, and nothing else from dist/', () => {
    const built = ['dist/main', 'dist/preload', 'dist/renderer'].flatMap(filesUnder);
    const packed = archive.filter((entry) => entry.startsWith('dist/') && !statSync(path.join(root, entry), { throwIfNoEntry: false })?.isDirectory());
    expect(packed.sort()).toEqual(built.sort());
  });

  it('packs a preload a sandboxed renderer can load: one CommonJS file that requires nothing but electron', () => {
    const preload = extractFile(path.join(appOutDir, 'resources', 'app.asar'), 'dist/preload/preload.cjs').toString('utf8');
    const required = [...preload.matchAll(/\brequire\((["'`])([^"'`]+)\1\)/g)].map((match) => match[2]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('packs no source maps, sources, tests or docs', () => {
    expect(archive.filter((entry) => entry.endsWith('.map'))).toEqual([]);
    expect(archive.filter((entry) => /^(src-[a-z]+|test|bench|scripts|assets|build-config)\//.test(entry) || /^[^/]+\.(md|ts|ya?ml)$/.test(entry))).toEqual([]);
  });

  it('packs every production dependency and no development-only package', () => {
    const packedModules = archive.filter((entry) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+$/.test(entry));
    for (const dependency of Object.keys(packageJson.dependencies)) expect(packedModules).toContain(`node_modules/${dependency}`);
    const appAsar = path.join(appOutDir, 'resources', 'app.asar');
    const notForProduction = packedModules
      .map((module) => {
        const { name, version } = JSON.parse(extractFile(appAsar, `${module}/package.json`).toString('utf8')) as { name: string; version: string };
        return `${name}@${version}`;
      })
      .filter((nameAtVersion) => !productionPackages.has(nameAtVersion));
    expect(notForProduction).toEqual([]);
  });

  it('unpacks the better-sqlite3 binding next to the archive so Electron can load it', () => {
    const binding = path.join(appOutDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(existsSync(binding)).toBe(true);
    expect(archive).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  });

  it("leaves out better-sqlite3's C sources and build leftovers", () => {
    const leftovers = archive.filter((entry) => /^node_modules\/better-sqlite3\/(deps|src|build\/Release\/(obj|obj\.target|\.deps|test_extension\.node))(\/|$)/.test(entry));
    expect(leftovers).toEqual([]);
  });

  it('flips the fuses of the packed binary through the afterPack hook', async () => {
    const wire = await getCurrentFuseWire(path.join(appOutDir, 'asc-key-vault'));
    for (const [fuse, enabled] of Object.entries(FUSES)) expect(wire[Number(fuse) as FuseV1Options]).toBe(enabled ? FUSE_ON : FUSE_OFF);
  });
});
