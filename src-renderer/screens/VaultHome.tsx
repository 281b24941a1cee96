import { useState } from 'react';
import type { Preferences } from '../../src-shared/settings/preferences';
import { useLockShortcut } from '../hooks/useLockShortcut';
import { ActivityScreen } from './ActivityScreen';
import { KeysScreen } from './KeysScreen';
import { SettingsScreen } from './SettingsScreen';

const SECTIONS = [
  { id: 'keys', label: 'Keys' },
  { id: 'activity', label: 'Activity' },
  { id: 'settings', label: 'Settings' },
] as const;
type SectionId = (typeof SECTIONS)[number]['id'];

const isMac = navigator.userAgent.includes('Mac');

export function VaultHome({ onLock, onThemeChange }: { onLock: () => void; onThemeChange: (theme: Preferences['theme']) => void }) {
  const [section, setSection] = useState<SectionId>('keys');
  useLockShortcut(onLock);

  return (
    <div className="app-frame">
      <header className="app-header">
        <span className="app-header__title">ASC Key Vault</span>
        <nav aria-label="Sections" className="app-nav">
          {SECTIONS.map(({ id, label }) => (
            <button key={id} type="button" className="app-nav__item" aria-current={section === id ? 'page' : undefined} onClick={() => setSection(id)}>
              {label}
            </button>
          ))}
        </nav>
        <button type="button" className="button" onClick={onLock} aria-keyshortcuts={isMac ? 'Meta+L' : 'Control+L'} title={isMac ? 'Lock (⌘L)' : 'Lock (Ctrl+L)'}>
          Lock
        </button>
      </header>
      <main className="screen screen--wide">
        {section === 'keys' && <KeysScreen />}
        {section === 'activity' && <ActivityScreen />}
        {section === 'settings' && <SettingsScreen onThemeChange={onThemeChange} />}
      </main>
    </div>
  );
}
