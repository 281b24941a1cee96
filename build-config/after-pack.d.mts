// Types for after-pack.mjs, which stays JavaScript so electron-builder can load it without a compiler.
import type { FuseConfig, FuseV1Options } from '@electron/fuses';

export interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

export declare const FUSES: Readonly<Partial<Record<FuseV1Options, boolean>>>;
export declare function fuseConfigFor(platform: string): FuseConfig;
export declare function electronBinaryPath(context: AfterPackContext): string;
export default function afterPack(
  context: AfterPackContext,
  flip?: (pathToElectron: string, config: FuseConfig) => Promise<unknown>,
): Promise<void>;
