const isMac = navigator.userAgent.includes('Mac');

/** One shortcut: Ctrl+key, or Cmd+key on macOS. */
export interface Shortcut {
  key: string;
  /** As the platform writes it: “⌘F”, “Ctrl+F”. */
  label: string;
  /** For aria-keyshortcuts. */
  aria: string;
}

const modified = (key: string): Shortcut => ({
  key,
  label: isMac ? `⌘${key.toUpperCase()}` : `Ctrl+${key.toUpperCase()}`,
  aria: `${isMac ? 'Meta' : 'Control'}+${key.toUpperCase()}`,
});

/** The window's shortcuts; the app menu (src-main/electron/menu.ts) lists the same keys. */
export const SHORTCUTS = { lock: modified('l'), find: modified('f'), addKey: modified('n') } as const;

/** Whether a key press is this shortcut (Ctrl or Cmd, no Alt or Shift). */
export function isShortcut(event: KeyboardEvent, shortcut: Shortcut): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === shortcut.key;
}
