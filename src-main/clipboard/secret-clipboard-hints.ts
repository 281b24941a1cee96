/** One extra clipboard format written beside the text: its platform name and its bytes. */
export interface ClipboardHint {
  format: string;
  data: Uint8Array<ArrayBuffer>;
}

// A serialized DWORD of zero (little-endian), which Windows reads as "no".
const DWORD_ZERO = new Uint8Array(4);
const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * The formats that tell clipboard managers and the OS's own history to skip a secret, as password
 * managers write them on each OS. Only the format's presence matters, so none of them repeats the
 * secret (KeePassXC copies the text into the macOS one; an empty marker is what nspasteboard.org
 * shows). An OS with no convention gets none.
 */
export function secretClipboardHints(platform: NodeJS.Platform): ClipboardHint[] {
  switch (platform) {
    case 'darwin':
      // nspasteboard.org: Concealed = confidential, do not show or record; Transient = gone within
      // seconds, do not keep in a history. Both are read by Maccy, Alfred, Paste, Raycast and others.
      return [
        { format: 'org.nspasteboard.ConcealedType', data: new Uint8Array(0) },
        { format: 'org.nspasteboard.TransientType', data: new Uint8Array(0) },
      ];
    case 'win32':
      // Microsoft's "Cloud Clipboard and Clipboard History Formats": the first keeps every format
      // out of history and sync (any data); the other two say no to each one separately.
      return [
        { format: 'ExcludeClipboardContentFromMonitorProcessing', data: utf8('1') },
        { format: 'CanIncludeInClipboardHistory', data: DWORD_ZERO },
        { format: 'CanUploadToCloudClipboard', data: DWORD_ZERO },
      ];
    case 'linux':
    case 'freebsd':
    case 'openbsd':
    case 'netbsd':
      // KDE's Klipper skips an entry with this hint; KeePassXC writes it on every X11/Wayland desktop.
      return [{ format: 'x-kde-passwordManagerHint', data: utf8('secret') }];
    default:
      return [];
  }
}
