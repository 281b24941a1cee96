import { useEffect } from 'react';
import { isShortcut, SHORTCUTS } from '../shortcuts';

/** Ctrl+L (Cmd+L on macOS) locks the vault from anywhere in the window. */
export function useLockShortcut(lock: () => void): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isShortcut(event, SHORTCUTS.lock)) {
        event.preventDefault();
        lock();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [lock]);
}
