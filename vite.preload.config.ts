import { nodeBundleConfig } from './build-config/node-bundle.ts';

export default nodeBundleConfig('src-main/electron/preload.ts', 'dist/preload', 'preload.cjs');
