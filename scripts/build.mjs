// Builds the bundles the packaged app needs: Electron main, the sandboxed preload, the renderer.
import { build } from 'vite';

for (const configFile of ['vite.renderer.config.ts', 'vite.main.config.ts', 'vite.preload.config.ts']) {
  await build({ configFile, logLevel: 'warn' });
}
console.log('built dist/main/main.cjs, dist/preload/preload.cjs, dist/renderer/');
