import { clipboard, ClipboardItem } from 'electron';
import type { ClipboardPort } from '../clipboard/clipboard-service';
import { secretClipboardHints } from '../clipboard/secret-clipboard-hints';

/** How Electron names a raw platform clipboard format (a Windows registered format, a macOS UTI) in a ClipboardItem. */
export const osClipboardFormat = (name: string): string => `electron application/osclipboard;format="${name}"`;

/**
 * Main's clipboard. A secret goes in one `clipboard.write()` with the OS's hint formats beside
 * the text: Electron commits one write atomically, where separate writes would each replace the
 * last. The platform is an argument so tests can ask for each OS.
 */
export function electronClipboard(platform: NodeJS.Platform = process.platform): ClipboardPort {
  return {
    readText: () => clipboard.readText(),
    writeText: (text, options) => {
      const hints = options?.secret ? secretClipboardHints(platform) : [];
      if (hints.length === 0) return clipboard.writeText(text);
      const hintFormats = Object.fromEntries(hints.map(({ format, data }) => [osClipboardFormat(format), new Blob([data])]));
      return clipboard.write([new ClipboardItem({ 'text/plain': text, ...hintFormats })]);
    },
  };
}
