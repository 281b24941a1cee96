import { beforeEach, describe, expect, it } from 'vitest';
import { secretClipboardHints } from '../../src-main/clipboard/secret-clipboard-hints';
import { electronClipboard, osClipboardFormat } from '../../src-main/electron/electron-clipboard';
import { clipboard, recording, resetFakeElectron } from './fake-electron';
import { fromMainFrame, startedShell, useFreshShell } from './shell-harness';

const SECRET_TEXT = '-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n';
const raw = (name: string) => osClipboardFormat(name);

describe('Electron clipboard port', () => {
  beforeEach(() => resetFakeElectron());

  it.each([
    [
      'darwin',
      {
        [raw('org.nspasteboard.ConcealedType')]: Buffer.alloc(0),
        [raw('org.nspasteboard.TransientType')]: Buffer.alloc(0),
      },
    ],
    [
      'win32',
      {
        [raw('ExcludeClipboardContentFromMonitorProcessing')]: Buffer.from('1'),
        [raw('CanIncludeInClipboardHistory')]: Buffer.from([0, 0, 0, 0]),
        [raw('CanUploadToCloudClipboard')]: Buffer.from([0, 0, 0, 0]),
      },
    ],
    ['linux', { [raw('x-kde-passwordManagerHint')]: Buffer.from('secret') }],
  ] as const)('writes a secret on %s with its hint formats in the same write', async (platform, hints) => {
    await electronClipboard(platform).writeText(SECRET_TEXT, { secret: true });
    expect(recording.clipboardWrites).toEqual([{ 'text/plain': SECRET_TEXT, ...hints }]);
    expect(await electronClipboard(platform).readText()).toBe(SECRET_TEXT);
  });

  it.each(['darwin', 'win32', 'linux'] as const)('writes a Key ID on %s as plain text only', async (platform) => {
    const port = electronClipboard(platform);
    await port.writeText('ABCDE12345', { secret: false });
    await port.writeText('ABCDE12345');
    expect(recording.clipboardWrites).toEqual([{ 'text/plain': 'ABCDE12345' }, { 'text/plain': 'ABCDE12345' }]);
  });

  it('writes a secret as plain text where the OS has no convention', async () => {
    await electronClipboard('aix').writeText(SECRET_TEXT, { secret: true });
    expect(recording.clipboardWrites).toEqual([{ 'text/plain': SECRET_TEXT }]);
  });
});

describe('the shell’s clipboard', () => {
  useFreshShell();

  it('marks a copied token for this OS and clears it when the vault locks', async () => {
    const fromMain = fromMainFrame(await startedShell());
    const call = (channel: string, payload: unknown) => recording.ipcHandlers.get(channel)!(fromMain, payload);
    expect(await call('vault.create', { passphrase: 'correct horse battery staple' })).toMatchObject({ ok: true });
    expect(await call('clipboard.copyText', { text: 'eyJ.token.text' })).toMatchObject({ ok: true });
    const hints = Object.fromEntries(secretClipboardHints(process.platform).map(({ format, data }) => [raw(format), Buffer.from(data)]));
    expect(recording.clipboardWrites).toEqual([{ 'text/plain': 'eyJ.token.text', ...hints }]);

    expect(await call('vault.lock', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(clipboard.text).toBe('');
    expect(recording.clipboardWrites.at(-1)).toEqual({ 'text/plain': '' });
  });
});
