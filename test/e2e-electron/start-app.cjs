/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, as the app's main is: the shell registers its scheme synchronously, before Electron is ready. */
// The app's own main process (dist/main/main.cjs), with its data and Downloads folders in the test's temp folder
// instead of the user's: set before the app reads them, which is before Electron is ready.
const path = require('node:path');
const { app } = require('electron');

const folder = process.env.ASC_E2E_APP_FOLDER;
if (!folder) throw new Error('ASC_E2E_APP_FOLDER is not set: start this through test/e2e-electron');
app.setPath('userData', path.join(folder, 'userData'));
app.setPath('downloads', path.join(folder, 'Downloads'));
require('../../dist/main/main.cjs');
