import { nodeBundleConfig } from './build-config/node-bundle.ts';

export default nodeBundleConfig('src-main/electron/main.ts', 'dist/main', 'main.cjs');
