import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppNames } from './packaged-app';

/** The names electron-builder gives the packaged app, from the repository's package.json. */
export function appNamesFrom(repositoryRoot: string): AppNames {
  const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { name: string; productName: string };
  return { productName: manifest.productName, executableName: manifest.name };
}
