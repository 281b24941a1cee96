import { startShell } from './shell';

startShell({ mainDir: __dirname });
