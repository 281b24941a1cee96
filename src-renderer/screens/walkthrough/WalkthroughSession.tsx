import { createContext, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { KeyKind } from '../../../src-shared/keys/key-kind';
import type { KeyFileRef } from '../../../src-shared/keys/key-record';
import type { WalkthroughStepId } from '../../walkthrough/steps';

/**
 * What the user has chosen and typed in guided setup. It lives above the lock switch in App, so an
 * auto-lock mid-flow returns the user to the same step. Only choices, typed text and the key file's
 * id (main's) and name: never key material, and nothing read from the vault.
 */
export interface WalkthroughDraft {
  /** Changes for each new run, so a restarted walkthrough starts with fresh component state. */
  run: number;
  mode: 'guided' | 'lost';
  /** Whether the walkthrough is the pane on show; the draft outlives it while the user looks elsewhere. */
  shown: boolean;
  step: WalkthroughStepId;
  kind: KeyKind | null;
  /** The kind whose role requirement the user confirmed; choosing another kind asks again. */
  roleConfirmedFor: KeyKind | null;
  file: KeyFileRef | null;
  keyId: string;
  /** The Key ID the user confirmed against App Store Connect; typing another one asks again. */
  keyIdConfirmedAs: string | null;
  issuerId: string;
  bundleIds: string;
  name: string;
  notes: string;
  /** Set once the key is in the vault. */
  saved: { sourceDeleted: boolean } | null;
  /** The key this new one replaces (its replacement job is running): saving links the two in the same write. */
  replaces: { id: string; name: string } | null;
}

export interface WalkthroughSession {
  draft: WalkthroughDraft | null;
  /** Shows the walkthrough, resuming the current draft unless `fresh` (or none exists). */
  show(fresh?: Partial<Pick<WalkthroughDraft, 'mode' | 'kind' | 'step' | 'issuerId' | 'bundleIds' | 'replaces'>>): void;
  /** Another pane is on show; the draft is kept for later. */
  hide(): void;
  update(patch: Partial<WalkthroughDraft>): void;
  discard(): void;
}

const EMPTY_DRAFT: Omit<WalkthroughDraft, 'run'> = {
  mode: 'guided',
  shown: true,
  step: 'purpose',
  kind: null,
  roleConfirmedFor: null,
  file: null,
  keyId: '',
  keyIdConfirmedAs: null,
  issuerId: '',
  bundleIds: '',
  name: '',
  notes: '',
  saved: null,
  replaces: null,
};

const SessionContext = createContext<WalkthroughSession | null>(null);

export function WalkthroughSessionProvider({ children }: { children: ReactNode }) {
  const [draft, setDraft] = useState<WalkthroughDraft | null>(null);
  const runs = useRef(0);
  const session = useMemo<WalkthroughSession>(
    () => ({
      draft,
      show: (fresh) => {
        const run = (runs.current += 1);
        setDraft((current) => (current && !fresh ? { ...current, shown: true } : { ...EMPTY_DRAFT, ...fresh, run }));
      },
      hide: () => setDraft((current) => current && { ...current, shown: false }),
      update: (patch) => setDraft((current) => current && { ...current, ...patch }),
      discard: () => setDraft(null),
    }),
    [draft],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useWalkthroughSession(): WalkthroughSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useWalkthroughSession needs a WalkthroughSessionProvider above it');
  return session;
}
