import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../src-shared/ipc/events';

/** What the app's own menu items do: Lock in main, the others in the window. */
export interface MenuActions {
  lock(): void;
  windowCommand(command: MenuCommand): void;
}

/**
 * The window handles these keys itself (src-renderer/shortcuts.ts), so the menu shows them without registering
 * them on Windows and Linux, where a registered accelerator would fire as well; macOS menus take them first.
 */
const shownOnly = (accelerator: string) => ({ accelerator, registerAccelerator: false });

export function buildMenuTemplate(platform: NodeJS.Platform, productName: string, actions: MenuActions): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  const vaultItems: MenuItemConstructorOptions[] = [
    { label: 'Add Key…', ...shownOnly('CmdOrCtrl+N'), click: () => actions.windowCommand('add-key') },
    { label: 'Find Keys', ...shownOnly('CmdOrCtrl+F'), click: () => actions.windowCommand('find') },
    { type: 'separator' },
    { label: 'Lock', ...shownOnly('CmdOrCtrl+L'), click: () => actions.lock() },
  ];
  if (platform === 'darwin') template.push({ label: productName, role: 'appMenu' }, { label: 'Vault', submenu: vaultItems });
  else template.push({ label: 'File', submenu: [...vaultItems, { type: 'separator' }, { role: 'quit' }] });
  template.push(
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { role: 'windowMenu' },
  );
  return template;
}
