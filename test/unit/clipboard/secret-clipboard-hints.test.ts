import { describe, expect, it } from 'vitest';
import { secretClipboardHints } from '../../../src-main/clipboard/secret-clipboard-hints';

const named = (platform: NodeJS.Platform) =>
  Object.fromEntries(secretClipboardHints(platform).map(({ format, data }) => [format, Buffer.from(data).toString('hex')]));

describe('secret clipboard hints', () => {
  it.each([
    ['darwin', { 'org.nspasteboard.ConcealedType': '', 'org.nspasteboard.TransientType': '' }],
    [
      'win32',
      {
        ExcludeClipboardContentFromMonitorProcessing: Buffer.from('1').toString('hex'),
        CanIncludeInClipboardHistory: '00000000',
        CanUploadToCloudClipboard: '00000000',
      },
    ],
    ['linux', { 'x-kde-passwordManagerHint': Buffer.from('secret').toString('hex') }],
    ['freebsd', { 'x-kde-passwordManagerHint': Buffer.from('secret').toString('hex') }],
    ['aix', {}],
  ] as const)('on %s', (platform, expected) => {
    expect(named(platform)).toEqual(expected);
  });

  it('never repeats the secret in a hint', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const { data } of secretClipboardHints(platform)) expect(data.length).toBeLessThanOrEqual(6);
    }
  });
});
