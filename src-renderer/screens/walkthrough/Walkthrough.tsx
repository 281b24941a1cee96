import { useEffect, useRef, useState, type FormEvent } from 'react';
import { normalizeBundleId, normalizeIssuerId, normalizeKeyId } from '../../../src-shared/keys/identifiers';
import { KEY_KIND_LABELS, type KeyKind } from '../../../src-shared/keys/key-kind';
import type { KeyImportResult } from '../../../src-shared/keys/key-record';
import { DiscardPrompt } from '../../components/DiscardPrompt';
import { KindBadge } from '../../components/KindBadge';
import { useEscapeKey } from '../../hooks/useEscapeKey';
import { fieldProblem } from '../../field-problem';
import { fileKindProblem, fileSource, identityProblem, splitList, useKeyImport } from '../../hooks/useKeyImport';
import { KEY_KIND_GUIDES } from '../../walkthrough/guides';
import { WALKTHROUGH_STEPS, type WalkthroughStepId } from '../../walkthrough/steps';
import { DetailsStep } from './DetailsStep';
import { DownloadStep } from './DownloadStep';
import { IdentifiersStep } from './IdentifiersStep';
import { LostKeyPanel } from './LostKeyPanel';
import { OpenPageStep } from './OpenPageStep';
import { PurposeStep } from './PurposeStep';
import { RoleStep } from './RoleStep';
import { SavedStep, SaveStep } from './SaveStep';
import { Stepper } from './Stepper';
import { useWalkthroughSession, type WalkthroughDraft, type WalkthroughSession } from './WalkthroughSession';

interface Props {
  /** A key was added or marked revoked: the key list should reload. */
  onVaultChanged: () => void;
  /** The user left guided setup; `keyId` is the vault record to show, if any. */
  onClose: (keyId: string | null) => void;
}

/** Guided setup: App Store Connect's one-shot steps for one key, from purpose to a secured vault entry. */
export function Walkthrough(props: Props) {
  const session = useWalkthroughSession();
  if (!session.draft) return null;
  return <WalkthroughRun key={session.draft.run} draft={session.draft} session={session} {...props} />;
}

const STEP_IDS = WALKTHROUGH_STEPS.map((step) => step.id);
const firstProblem = (problems: Array<string | null>) => problems.find((problem) => problem !== null) ?? null;

function WalkthroughRun({ draft, session, onVaultChanged, onClose }: Props & { draft: WalkthroughDraft; session: WalkthroughSession }) {
  const { update } = session;
  const { kind, step } = draft;
  const guide = kind ? KEY_KIND_GUIDES[kind] : null;
  const [imported, setImported] = useState<KeyImportResult | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const keyImport = useKeyImport({
    watchDownloads: draft.mode === 'guided' && step === 'download',
    initialFile: draft.file,
    onSourceChange: (source) => update({ file: source.type === 'file' ? { fileId: source.fileId, fileName: source.label } : null }),
    onInspected: (inspection) => update({ keyId: inspection.fileKeyId ?? '', keyIdConfirmedAs: null }),
  });

  // Each step (and the lost-key path) starts with its heading focused, so keyboard and screen reader users land on it.
  const saved = draft.saved !== null;
  useEffect(() => {
    headingRef.current?.focus();
  }, [step, draft.mode, saved]);

  const fileName = keyImport.source?.label;
  const kindProblem = kind && fileName ? fileKindProblem(fileName, kind) : null;
  const fileAccepted = keyImport.inspection !== null && !keyImport.inspection.duplicateOf && kindProblem === null;
  const takesIssuerId = guide?.issuerId != null;
  const keyIdProblem = fieldProblem(normalizeKeyId, draft.keyId);
  const keyId = draft.keyId.trim() !== '' && keyIdProblem === null ? normalizeKeyId(draft.keyId) : null;
  const keyIdentityProblem = kind && fileName && keyId ? identityProblem(fileName, kind, draft.keyId) : null;
  const keyIdConfirmed = keyId !== null && draft.keyIdConfirmedAs === keyId;
  const issuerIdProblem = takesIssuerId ? fieldProblem(normalizeIssuerId, draft.issuerId) : null;
  const bundleIds = splitList(draft.bundleIds);
  const bundleIdsProblem = firstProblem(bundleIds.map((bundleId) => fieldProblem(normalizeBundleId, bundleId)));

  const ready: Record<WalkthroughStepId, boolean> = {
    purpose: kind !== null,
    role: kind !== null && draft.roleConfirmedFor === kind,
    open: true,
    download: fileAccepted,
    identifiers: fileAccepted && keyIdConfirmed && keyIdentityProblem === null && (!takesIssuerId || (draft.issuerId.trim() !== '' && issuerIdProblem === null)),
    details: bundleIdsProblem === null,
    save: false,
  };
  ready.save = !saved && STEP_IDS.slice(0, -1).every((id) => ready[id]);

  const index = STEP_IDS.indexOf(step);
  const stepInfo = WALKTHROUGH_STEPS[index] ?? WALKTHROUGH_STEPS[0];
  const title = saved ? 'The key is in the vault' : (guide?.stepTitles?.[step] ?? stepInfo.title);
  const goTo = (next: WalkthroughStepId) => update({ step: next });

  async function save() {
    if (!kind || !keyId) return;
    const result = await keyImport.importKey({
      kind,
      keyId,
      ...(takesIssuerId ? { issuerId: draft.issuerId } : {}),
      bundleIds,
      name: draft.name,
      notes: draft.notes,
      ...(draft.replaces ? { replaces: draft.replaces.id } : {}),
    });
    if (!result.ok) return;
    setImported(result.value);
    update({ saved: { sourceDeleted: false } });
    onVaultChanged();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready[step]) return;
    if (step === 'save') void save();
    else goTo(STEP_IDS[index + 1] ?? step);
  }

  // Leaving a replacement's guided setup goes back to the key being replaced, where its job waits.
  function close(showKeyId: string | null) {
    session.discard();
    onClose(showKeyId ?? draft.replaces?.id ?? null);
  }

  // Leaving throws the draft away: once a kind or a file is chosen, ask first (the Leave button and Escape alike).
  const [askingLeave, setAskingLeave] = useState(false);
  const leave = () => (kind !== null || draft.file !== null ? setAskingLeave(true) : close(null));
  useEscapeKey(leave, !saved && !askingLeave);

  function chooseKind(next: KeyKind) {
    update({ kind: next });
  }

  const defaultName = kind ? `${KEY_KIND_LABELS[kind]} ${keyId ?? ''}`.trim() : '';
  const onDownloadStep = draft.mode === 'guided' && step === 'download';
  const blockedHintId = `walkthrough-blocked-${step}`;

  return (
    <section
      aria-labelledby="walkthrough-title"
      className={`panel walkthrough${onDownloadStep ? ' drop-zone' : ''}${onDownloadStep && keyImport.dropZone.dragging ? ' drop-zone--active' : ''}`}
      onDragOver={onDownloadStep ? keyImport.dropZone.onDragOver : undefined}
      onDragLeave={onDownloadStep ? keyImport.dropZone.onDragLeave : undefined}
      onDrop={onDownloadStep ? keyImport.dropZone.onDrop : undefined}
    >
      <div className="walkthrough__header">
        <h2 id="walkthrough-title">{draft.mode === 'lost' ? 'Replace a lost key' : 'Guided setup'}</h2>
        {kind && <KindBadge kind={kind} />}
        {!saved && (
          <button type="button" className="button button--quiet walkthrough__leave" onClick={leave}>
            Leave guided setup
          </button>
        )}
      </div>
      {draft.replaces && (
        <p className="muted small walkthrough__position">
          Replacing “{draft.replaces.name}”: saving links the new key to its replacement.
        </p>
      )}
      {askingLeave && <DiscardPrompt what="this guided setup and what you entered in it" onDiscard={() => close(null)} onKeep={() => setAskingLeave(false)} />}
      {draft.mode === 'lost' ? (
        <>
          <h3 className="walkthrough__title" tabIndex={-1} ref={headingRef}>
            Revoke the lost key, then replace it
          </h3>
          <LostKeyPanel
            kind={kind}
            onKind={chooseKind}
            onVaultChanged={onVaultChanged}
            onBack={() => update({ mode: 'guided', step: 'purpose' })}
            onReplace={() => update({ mode: 'guided', step: 'role' })}
          />
        </>
      ) : (
        <>
          <Stepper label="Guided setup steps" steps={WALKTHROUGH_STEPS} current={step} allDone={saved} onGoBack={saved ? null : goTo} />
          <p className="walkthrough__position muted small">{saved ? 'All steps done' : `Step ${index + 1} of ${STEP_IDS.length}`}</p>
          <h3 className="walkthrough__title" tabIndex={-1} ref={headingRef}>
            {title}
          </h3>
          <form className="walkthrough__body" onSubmit={submit} aria-busy={keyImport.importing} noValidate>
            {step === 'purpose' && <PurposeStep kind={kind} onKind={chooseKind} onLostKey={() => update({ mode: 'lost' })} {...(draft.replaces && kind ? { lockedKind: kind } : {})} />}
            {guide && step === 'role' && <RoleStep guide={guide} confirmed={draft.roleConfirmedFor === kind} onConfirmed={(confirmed) => update({ roleConfirmedFor: confirmed ? kind : null })} />}
            {guide && step === 'open' && <OpenPageStep guide={guide} />}
            {guide && step === 'download' && (
              <DownloadStep
                guide={guide}
                watch={keyImport.watch}
                source={keyImport.source}
                inspection={keyImport.inspection}
                sourceError={keyImport.sourceError}
                kindProblem={kindProblem}
                onChooseFile={() => void keyImport.chooseFile()}
                onUseRecent={(file) => void keyImport.inspect(fileSource(file))}
              />
            )}
            {guide && step === 'identifiers' && (
              <IdentifiersStep
                guide={guide}
                keyId={draft.keyId}
                onKeyId={(value) => update({ keyId: value })}
                keyIdProblem={keyIdProblem}
                identityProblem={keyIdentityProblem}
                confirmable={keyId !== null && keyIdentityProblem === null}
                confirmed={keyIdConfirmed}
                onConfirmed={(confirmed) => update({ keyIdConfirmedAs: confirmed ? keyId : null })}
                issuerId={draft.issuerId}
                onIssuerId={(value) => update({ issuerId: value })}
                issuerIdProblem={issuerIdProblem}
              />
            )}
            {guide && step === 'details' && (
              <DetailsStep
                guide={guide}
                defaultName={defaultName}
                bundleIds={draft.bundleIds}
                onBundleIds={(value) => update({ bundleIds: value })}
                bundleIdsProblem={bundleIdsProblem}
                name={draft.name}
                onName={(value) => update({ name: value })}
                notes={draft.notes}
                onNotes={(value) => update({ notes: value })}
              />
            )}
            {kind && step === 'save' && !saved && (
              <SaveStep
                summary={{
                  kind,
                  fileName: fileName ?? '',
                  keyId: keyId ?? draft.keyId,
                  issuerId: takesIssuerId ? draft.issuerId.trim().toLowerCase() : null,
                  bundleIds,
                  name: draft.name.trim() || defaultName,
                }}
                error={keyImport.importError}
              />
            )}
            {step === 'save' && saved && (
              <SavedStep
                keyId={keyId ?? draft.keyId}
                result={imported}
                sourceFile={draft.file}
                sourceDeleted={draft.saved?.sourceDeleted ?? false}
                onSourceDeleted={() => update({ saved: { sourceDeleted: true } })}
              />
            )}
            {saved ? (
              <div className="button-row walkthrough__nav">
                {draft.replaces && (
                  <button type="button" className="button button--primary" onClick={() => close(draft.replaces?.id ?? null)}>
                    Back to replacing “{draft.replaces.name}”
                  </button>
                )}
                {imported && (
                  <button type="button" className={`button${draft.replaces ? '' : ' button--primary'}`} onClick={() => close(imported.key.id)}>
                    Show the key
                  </button>
                )}
                <button type="button" className="button" onClick={() => session.show({})}>
                  Set up another key
                </button>
                <button type="button" className="button" onClick={() => close(null)}>
                  Close
                </button>
              </div>
            ) : (
              <div className="button-row walkthrough__nav">
                {index > 0 && (
                  <button type="button" className="button" onClick={() => goTo(STEP_IDS[index - 1] ?? step)}>
                    Back
                  </button>
                )}
                <button type="submit" className="button button--primary" disabled={!ready[step] || keyImport.importing} aria-describedby={ready[step] ? undefined : blockedHintId}>
                  {step === 'save' ? (keyImport.importing ? 'Adding…' : 'Add to vault') : 'Continue'}
                </button>
                {!ready[step] && stepInfo.blockedHint && (
                  <span className="muted small" id={blockedHintId}>
                    {stepInfo.blockedHint}
                  </span>
                )}
              </div>
            )}
          </form>
        </>
      )}
    </section>
  );
}
