import type { PackagedApp } from '../../scripts/release-tools/packaged-app';

export type SmokeTarget =
  /** The app `npm run package` built, started from a copy (see smoke-copy.ts). */
  | { kind: 'packaged'; app: PackagedApp }
  /** No package here, but the Electron binary is installed: the built app in dist/, started by that binary. */
  | { kind: 'development'; electronBinary: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'fail'; reason: string };

export interface SmokeSituation {
  platform: string;
  arch: string;
  /** The app named with --app, or the one found in release/; null when neither. */
  packagedApp: PackagedApp | null;
  /** The Electron binary the electron package installed; null when it installed none. */
  electronBinary: string | null;
  /** The release workflow's --require-packaged: it must test the build it made, never skip. */
  requirePackaged: boolean;
}

/** What `npm run smoke` starts here, or why it starts nothing. */
export function chooseSmokeTarget({ platform, arch, packagedApp, electronBinary, requirePackaged }: SmokeSituation): SmokeTarget {
  if (packagedApp) return { kind: 'packaged', app: packagedApp };
  const noPackage = `there is no packaged app for ${platform}-${arch} in release/ (\`npm run package\` makes one)`;
  if (requirePackaged) return { kind: 'fail', reason: `The smoke test needs the packaged app, but ${noPackage}.` };
  if (electronBinary) return { kind: 'development', electronBinary };
  return {
    kind: 'skip',
    reason:
      `Skipped the smoke test: ${noPackage}, and the Electron binary is not installed ` +
      '(node_modules/electron was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed), so there is no app to start. ' +
      'The release workflow runs it on macOS, Windows and Linux; here, `npm install` with access to Electron’s releases installs the binary.',
  };
}
