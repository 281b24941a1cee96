import { mergeConfig } from 'vite';
import { nodeBundleConfig } from './build-config/node-bundle.ts';

// The command line: the same services as Electron main, no Electron; run with `node` or as the package's bin.
export default mergeConfig(nodeBundleConfig('src-main/cli/main.ts', 'dist/cli', 'cli.cjs'), {
  build: { rollupOptions: { output: { banner: '#!/usr/bin/env node' } } },
});
