import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/** Loaded at run time, not bundled: Electron itself, and the native addons (their .node binding is found beside their JS). */
const NATIVE = ['electron', 'better-sqlite3', '@node-rs/argon2'];

/** Bundles one Node-side entry (Electron main, preload, CLI) into a single CommonJS file. */
export function nodeBundleConfig(entry: string, outDir: string, fileName: string) {
  return defineConfig({
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      sourcemap: false,
      minify: false,
      rollupOptions: {
        external: [...NATIVE, ...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
        output: { format: 'cjs', entryFileNames: fileName },
      },
    },
    // Bundle every other dependency so the preload (sandboxed) and main need nothing else at run time.
    ssr: { noExternal: true, external: [...NATIVE] },
  });
}
