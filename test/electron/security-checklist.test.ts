/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security), one test per item,
 * against the recorded fake electron module. Items that do not apply say why.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../src-shared/ipc/channel-names';
import { REGISTER_DROPPED_FILE_CHANNEL } from '../../src-shared/ipc/preload-channels';
import { methodNameOf } from '../../src-shared/ipc/method-name';
import { SESSION_PARTITION } from '../../src-main/electron/shell';
import { isAllowedExternalUrl } from '../../src-main/electron/app-origin';
import { isMainWindowFrame } from '../../src-main/electron/ipc-bridge';
import { app, exposedInMainWorld, FakeWebContents, ipcRenderer, recording } from './fake-electron';
import { fromMainFrame, navigationEvent, startedShell, useFreshShell } from './shell-harness';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));

describe('Electron security checklist', () => {
  useFreshShell();

  it('1. loads only secure, local content: the app:// scheme, no http(s) origin in the CSP', async () => {
    const window = await startedShell();
    expect(window.loadedUrl).toBe('app://renderer/index.html');
    const response = await recording.sessions.get(SESSION_PARTITION)!.protocolHandlers.get('app')!(new Request('app://renderer/index.html'));
    expect(response.headers.get('content-security-policy')).not.toMatch(/https?:|\*/);
  });

  it('2. disables Node.js integration in the renderer, its workers and subframes', async () => {
    const { webPreferences } = (await startedShell()).options;
    expect(webPreferences).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
  });

  it('3. enables context isolation', async () => {
    expect((await startedShell()).options.webPreferences.contextIsolation).toBe(true);
  });

  it('4. enables the process sandbox', async () => {
    expect((await startedShell()).options.webPreferences.sandbox).toBe(true);
  });

  it('5. denies every session permission request and check, in the app’s own partition', async () => {
    const window = await startedShell();
    expect(window.options.webPreferences.partition).toBe(SESSION_PARTITION);
    const appSession = recording.sessions.get(SESSION_PARTITION)!;
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen']) {
      appSession.permissionRequestHandler!(null, permission, (granted) => answers.push(granted));
    }
    expect(answers.every((granted) => granted === false)).toBe(true);
    expect(appSession.permissionCheckHandler!(null, 'media')).toBe(false);
  });

  it('6. keeps webSecurity on', async () => {
    expect((await startedShell()).options.webPreferences.webSecurity).toBe(true);
  });

  it('7. sends a strict Content-Security-Policy header and ships it as a <meta> in index.html', async () => {
    await startedShell();
    const response = await recording.sessions.get(SESSION_PARTITION)!.protocolHandlers.get('app')!(new Request('app://renderer/index.html'));
    const header = response.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'none'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(header).toContain(directive);
    expect(header).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = readFileSync(path.resolve('dist/renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("default-src 'none'");
    expect(meta).toContain("script-src 'self'");
    expect(meta).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('8. does not allow insecure content', async () => {
    expect((await startedShell()).options.webPreferences.allowRunningInsecureContent).toBe(false);
  });

  it('9. does not enable experimental features', async () => {
    expect((await startedShell()).options.webPreferences.experimentalFeatures).toBe(false);
  });

  it('10. does not enable Blink features', async () => {
    expect((await startedShell()).options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
  });

  it('11. allows no <webview>: the tag is off and any attach is prevented', async () => {
    const window = await startedShell();
    expect(window.options.webPreferences.webviewTag).toBe(false);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    const event = navigationEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.prevented).toBe(true);
  });

  it('12. denies navigation and redirects in every web contents', async () => {
    await startedShell();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    for (const name of ['will-navigate', 'will-redirect']) {
      const event = navigationEvent();
      contents.emit(name, event, 'https://evil.example/');
      expect(event.prevented, name).toBe(true);
    }
  });

  it('13. denies new windows; Apple links go to the system browser instead', async () => {
    await startedShell();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://developer.apple.com/documentation/appstoreconnectapi' })).toEqual({ action: 'deny' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(recording.openedExternally).toEqual(['https://developer.apple.com/documentation/appstoreconnectapi']);
  });

  it('14. passes only allowlisted Apple URLs to shell.openExternal', async () => {
    const window = await startedShell();
    expect(await recording.ipcHandlers.get('app.openApplePage')!(fromMainFrame(window), { page: 'api-team-keys' })).toEqual({ ok: true, value: null });
    expect(recording.openedExternally).toEqual(['https://appstoreconnect.apple.com/access/integrations/api']);
    for (const url of ['http://appstoreconnect.apple.com/', 'https://appstoreconnect.apple.com.evil.example/', 'https://user@appstoreconnect.apple.com/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('14b. hands the OS the URL as parsed, never the raw text a browser link carried', async () => {
    await startedShell();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    contents.windowOpenHandler!({ url: 'https://appstoreconnect.apple.com\\@example.com' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(recording.openedExternally).toEqual(['https://appstoreconnect.apple.com/@example.com']);
  });

  it('15. pins a current Electron major', () => {
    expect(packageJson.devDependencies.electron).toMatch(/^45\.\d+\.\d+$/);
  });

  it('16. validates the sender of every IPC message: only the main window’s top frame at the app origin', async () => {
    const window = await startedShell();
    const handler = recording.ipcHandlers.get('vault.status')!;
    expect(await handler(fromMainFrame(window), {})).toMatchObject({ ok: true });
    expect(await handler({ sender: window.webContents, senderFrame: { url: 'app://renderer/index.html' } }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handler({ sender: new FakeWebContents(), senderFrame: window.webContents.mainFrame }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const url of ['https://evil.example/', 'app://renderer.evil/index.html', 'file:///index.html', 'app://user@renderer/']) {
      const frame = { url };
      const contents = Object.assign(new FakeWebContents(), { mainFrame: frame });
      expect(isMainWindowFrame({ sender: contents, senderFrame: frame } as never, () => ({ webContents: contents, isDestroyed: () => false }) as never), url).toBe(false);
    }
  });

  it('17. avoids file://: the renderer comes from a privileged custom scheme', async () => {
    await startedShell();
    expect(recording.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('18. fuses: the packaging hook turns off run-as-node, NODE_OPTIONS and --inspect, and loads only an intact app.asar', async () => {
    // Fuses live in the Electron binary, which the afterPack hook edits; test/unit/packaging flips them in a packed app.
    expect(readFileSync(path.resolve('electron-builder.yml'), 'utf8')).toMatch(/^afterPack: \.\/build-config\/after-pack\.mjs$/m);
    const { fuseConfigFor } = await import('../../build-config/after-pack.mjs');
    const { FuseV1Options } = await import('@electron/fuses');
    for (const platform of ['darwin', 'win32', 'linux']) {
      expect(fuseConfigFor(platform)).toMatchObject({
        [FuseV1Options.RunAsNode]: false,
        [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
        [FuseV1Options.EnableNodeCliInspectArguments]: false,
        [FuseV1Options.EnableCookieEncryption]: true,
        [FuseV1Options.OnlyLoadAppFromAsar]: true,
        [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      });
    }
  });

  it('19. exposes no Electron API to the page: window.vault has one method per channel, plus on and registerDroppedFile', async () => {
    exposedInMainWorld.clear();
    await import('../../src-main/electron/preload');
    const api = exposedInMainWorld.get('vault') as Record<string, (request?: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES.map(methodNameOf), 'on', 'registerDroppedFile'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    ipcRenderer.invoked.length = 0;
    await api.vaultStatus!();
    expect(ipcRenderer.invoked).toEqual([{ channel: 'vault.status', payload: {} }]);
    expect(() => (api.on as unknown as (name: string, listener: () => void) => void)('some.other.event', () => undefined)).toThrow();

    // A dropped file's path goes from the preload to main; the page gets only main's one-time handle.
    const registerDroppedFile = api.registerDroppedFile as unknown as (file: { name: string; made?: boolean }) => Promise<unknown>;
    ipcRenderer.invoked.length = 0;
    ipcRenderer.answer = { ok: true, value: { handle: 'one-time-handle' } };
    try {
      expect(await registerDroppedFile({ name: 'AuthKey_ABCDE12345.p8' })).toEqual({ ok: true, value: { handle: 'one-time-handle' } });
      expect(ipcRenderer.invoked).toEqual([{ channel: REGISTER_DROPPED_FILE_CHANNEL, payload: { path: '/dropped/AuthKey_ABCDE12345.p8' } }]);
      // A File the page made itself has no path: nothing reaches main.
      expect(await registerDroppedFile({ name: 'AuthKey_FORGED0001.p8', made: true })).toEqual({ ok: true, value: null });
      expect(ipcRenderer.invoked).toHaveLength(1);
    } finally {
      ipcRenderer.answer = { ok: true, value: null };
    }
  });

  it('does not use the remote module (removed from Electron; @electron/remote is not a dependency)', () => {
    expect({ ...packageJson.dependencies, ...packageJson.devDependencies }).not.toHaveProperty('@electron/remote');
    expect(readFileSync(path.resolve('dist/main/main.cjs'), 'utf8')).not.toContain('@electron/remote');
  });
});
