import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import type { Configuration } from 'electron-builder';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const configText = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
const config = load(configText) as Configuration;
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { productName: string };

/** electron-builder's own JSON schema, from the app-builder-lib that the installed electron-builder loads. */
function electronBuilderSchema(): object {
  const fromElectronBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
  return JSON.parse(readFileSync(fromElectronBuilder.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
}

/** Validates as electron-builder does (ajv, non-strict for its custom `typeof` keyword), but without type coercion. */
function validatorForElectronBuilderSchema() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(electronBuilderSchema());
  return (candidate: unknown) => ({ valid: validate(candidate), errors: ajv.errorsText(validate.errors) });
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema (app-builder-lib/scheme.json)", () => {
    const { valid, errors } = validatorForElectronBuilderSchema()(config);
    expect(errors).toBe('No errors');
    expect(valid).toBe(true);
  });

  it('would fail that schema check with a misspelt option, so the check has teeth', () => {
    const { valid } = validatorForElectronBuilderSchema()({ ...config, mac: { ...config.mac, hardenedRuntimes: true } });
    expect(valid).toBe(false);
  });

  it('names the app as package.json does', () => {
    expect(config.appId).toBe('dev.asckeyvault.app');
    expect(config.productName).toBe(packageJson.productName);
  });

  it('takes icons from assets/: the .icns, the .ico and the PNG folder generated from icon.svg', () => {
    expect(config.directories?.buildResources).toBe('assets');
    const assets = path.join(root, 'assets');
    for (const icon of [config.mac?.icon, config.win?.icon, config.linux?.icon]) {
      expect(icon).toEqual(expect.any(String));
      expect(existsSync(path.join(assets, icon as string))).toBe(true);
    }
    expect(existsSync(path.join(assets, 'icon.svg'))).toBe(true);
  });

  it('builds dmg and zip for macOS with the hardened runtime and one entitlements file for the app and its helpers', () => {
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.entitlements).toBe('assets/entitlements.mac.plist');
    expect(config.mac?.entitlementsInherit).toBe('assets/entitlements.mac.plist');
  });

  it('grants the hardened runtime no exception but the JIT Electron needs', () => {
    const plist = readFileSync(path.join(root, 'assets', 'entitlements.mac.plist'), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((match) => match[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('notarizes with credentials from the environment only, and keeps none in the file', () => {
    expect(config.mac?.notarize).toBe(true);
    expect(configText).not.toMatch(/cscLink|cscKeyPassword|identity:|appleId|APPLE_[A-Z_]+\s*[:=]/);
  });

  it('builds an NSIS installer for Windows that keeps the vault on uninstall, and AppImage and deb for Linux', () => {
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  });

  it('packs the app into app.asar from the build output and package.json alone, without source maps', () => {
    expect(config.asar).toBe(true);
    const files = config.files as string[];
    expect(files.filter((pattern) => !pattern.startsWith('!'))).toEqual(['dist/main/**', 'dist/preload/**', 'dist/renderer/**', 'package.json']);
    expect(files).toContain('!**/*.map');
  });

  it('keeps better-sqlite3 loadable: native bindings unpacked from the archive and rebuilt for Electron', () => {
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.npmRebuild).toBe(true);
  });

  it('runs the fuse hook after packing, from a file that exports it', async () => {
    expect(config.afterPack).toBe('./build-config/after-pack.mjs');
    const hook = (await import(path.join(root, config.afterPack as string))) as { default: unknown };
    expect(hook.default).toEqual(expect.any(Function));
  });
});
