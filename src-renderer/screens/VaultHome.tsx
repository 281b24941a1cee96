import { useEffect, useState } from 'react';
import type { MenuCommand } from '../../src-shared/ipc/events';
import type { Preferences } from '../../src-shared/settings/preferences';
import { useLockShortcut } from '../hooks/useLockShortcut';
import { isShortcut, SHORTCUTS } from '../shortcuts';
import { vault } from '../vault-client';
import { ActivityScreen } from './ActivityScreen';
import { BackupShareScreen } from './BackupShareScreen';
import { BackupReminder } from './backup/BackupReminder';
import { BackupStatusProvider } from './backup/BackupStatusProvider';
import { InspectorScreen } from './InspectorScreen';
import { KeysScreen, type KeysCommand } from './KeysScreen';
import { SettingsScreen } from './SettingsScreen';
import { StrayCopiesScreen } from './StrayCopiesScreen';
import type { TokenApi } from '../../src-shared/signing/token-inspection';
import { SignScreen, type IssuedEntry } from './SignScreen';

const SECTIONS = [
  { id: 'keys', label: 'Keys' },
  { id: 'sign', label: 'Sign' },
  { id: 'inspect', label: 'Inspect' },
  { id: 'activity', label: 'Activity' },
  { id: 'backup', label: 'Backup & share' },
  { id: 'strays', label: 'Stray copies' },
  { id: 'settings', label: 'Settings' },
] as const;
type SectionId = (typeof SECTIONS)[number]['id'];

export function VaultHome({ onLock, onThemeChange }: { onLock: () => void; onThemeChange: (theme: Preferences['theme']) => void }) {
  const [section, setSection] = useState<SectionId>('keys');
  // Kept here so they survive switching sections; VaultHome unmounts on lock, which drops them.
  const [signKeyId, setSignKeyId] = useState<string | null>(null);
  const [inspecting, setInspecting] = useState<{ token: string; meantFor?: TokenApi }>({ token: '' });
  const [issued, setIssued] = useState<IssuedEntry[]>([]);
  useLockShortcut(onLock);
  // Find and Add key work from every section: they bring the Keys screen forward first.
  const [keysCommand, setKeysCommand] = useState<KeysCommand | null>(null);
  useEffect(() => {
    const run = (name: MenuCommand) => {
      setSection('keys');
      setKeysCommand((previous) => ({ name, seq: (previous?.seq ?? 0) + 1 }));
    };
    function onKeyDown(event: KeyboardEvent) {
      const name = isShortcut(event, SHORTCUTS.find) ? 'find' : isShortcut(event, SHORTCUTS.addKey) ? 'add-key' : null;
      if (name === null) return;
      event.preventDefault();
      run(name);
    }
    window.addEventListener('keydown', onKeyDown);
    const stopMenu = vault().on('menu.command', ({ command }) => run(command));
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      stopMenu();
    };
  }, []);

  return (
    <BackupStatusProvider>
      <div className="app-frame">
        <header className="app-header">
          <h1 className="app-header__title">ASC Key Vault</h1>
          <nav aria-label="Sections" className="app-nav">
            {SECTIONS.map(({ id, label }) => (
              <button
                key={id}
                type="button"
                className="app-nav__item"
                aria-current={section === id ? 'page' : undefined}
                onClick={() => {
                  setKeysCommand(null);
                  setSection(id);
                }}
              >
                {label}
              </button>
            ))}
          </nav>
          <button type="button" className="button" onClick={onLock} aria-keyshortcuts={SHORTCUTS.lock.aria} title={`Lock (${SHORTCUTS.lock.label})`}>
            Lock
          </button>
        </header>
        <BackupReminder hidden={section === 'backup'} onBackUp={() => setSection('backup')} />
        <main className={`screen screen--wide${section === 'keys' ? ' screen--panes' : ''}`}>
          {section === 'keys' && (
            <KeysScreen
              command={keysCommand}
              onSign={(id) => {
                setSignKeyId(id);
                setSection('sign');
              }}
            />
          )}
          {section === 'sign' && (
            <SignScreen
              key={signKeyId ?? 'none'}
              initialKeyId={signKeyId}
              history={issued}
              onIssued={(entry) => setIssued((previous) => [entry, ...previous].slice(0, 20))}
              onInspect={(token, meantFor) => {
                setInspecting({ token, ...(meantFor === undefined ? {} : { meantFor }) });
                setSection('inspect');
              }}
            />
          )}
          {section === 'inspect' && <InspectorScreen key={inspecting.token} initialToken={inspecting.token} {...(inspecting.meantFor === undefined ? {} : { initialMeantFor: inspecting.meantFor })} />}
          {section === 'activity' && <ActivityScreen />}
          {section === 'backup' && <BackupShareScreen />}
          {section === 'strays' && <StrayCopiesScreen />}
          {section === 'settings' && <SettingsScreen onThemeChange={onThemeChange} onOpenBackups={() => setSection('backup')} />}
        </main>
      </div>
    </BackupStatusProvider>
  );
}
