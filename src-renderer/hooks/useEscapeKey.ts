import { useEffect, useRef } from 'react';

// Escape goes to the handler enabled last: a prompt over a form over a panel, each closing only itself.
const handlers: Array<{ current: () => void }> = [];

function onKeyDown(event: KeyboardEvent) {
  if (event.key !== 'Escape' || event.defaultPrevented) return;
  const top = handlers.at(-1);
  if (!top) return;
  event.preventDefault();
  top.current();
}

/** Calls `handler` when Escape is pressed anywhere in the window while `enabled`, unless something enabled later takes it. */
export function useEscapeKey(handler: () => void, enabled = true): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    if (handlers.length === 0) window.addEventListener('keydown', onKeyDown);
    handlers.push(latest);
    return () => {
      handlers.splice(handlers.indexOf(latest), 1);
      if (handlers.length === 0) window.removeEventListener('keydown', onKeyDown);
    };
  }, [enabled]);
}
