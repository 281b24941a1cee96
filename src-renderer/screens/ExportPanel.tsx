import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { EXPORT_TARGET_GROUP_LABELS, EXPORT_TARGET_IDS, EXPORT_TARGETS, type ExportSlotId, type ExportTargetId } from '../../src-shared/exports/export-targets';
import type { ExportPreview, WrittenExport } from '../../src-shared/exports/export-preview';
import {
  DEFAULT_GITHUB_SECRET_NAMES,
  dotenvVariableNamesOf,
  EXPORT_NAME_FIELDS,
  exportOptionProblems,
  FASTLANE_DEFAULT_DURATION_SECONDS,
  FASTLANE_IAT_BACKDATE_SECONDS,
  FASTLANE_MAX_DURATION_SECONDS,
  namesChangedFrom,
  type DotenvPemStyle,
  type ExportNameField,
  type ExportRequestInput,
  type ExportValueNames,
} from '../../src-shared/exports/export-options';
import { KEY_KIND_LABELS, KEY_KIND_SOURCES } from '../../src-shared/keys/key-kind';
import type { KeySummary } from '../../src-shared/keys/key-record';
import type { ResultError } from '../../src-shared/result';
import { ClipboardButton } from '../components/ClipboardButton';
import { CopyTextButton } from '../components/CopyTextButton';
import { ErrorMessage } from '../components/ErrorMessage';
import { TextField } from '../components/TextField';
import { useKeyList } from '../hooks/useKeyList';
import { useVaultCall } from '../hooks/useVaultCall';
import { vault } from '../vault-client';
import { ExportWrittenNotice } from './export/ExportWrittenNotice';

interface TargetOptions {
  bundleId: string;
  duration: string;
  inHouse: boolean;
  profile: string;
  repository: string;
  secretNames: ExportValueNames;
  pemStyle: DotenvPemStyle;
  variableNames: ExportValueNames;
  fileName: string;
}

const NAME_LABELS: Record<ExportNameField, string> = { keyId: 'the Key ID', issuerId: 'the Issuer ID', privateKey: 'the private key' };

/** The options a target takes, from the form; empty optional fields are left to the target's defaults. */
function optionsFor(target: ExportTargetId, form: TargetOptions, allowRevoked: boolean): Record<string, unknown> {
  const options: Record<string, unknown> = allowRevoked ? { allowRevoked } : {};
  if (target === 'adapty' && form.bundleId.trim()) options.bundleId = form.bundleId.trim();
  if (target === 'fastlane') {
    if (form.duration.trim()) options.duration = Number(form.duration);
    options.inHouse = form.inHouse;
  }
  if (target === 'expo-eas' && form.profile.trim()) options.profile = form.profile.trim();
  if (target === 'github-actions') {
    if (form.repository.trim()) options.repository = form.repository.trim();
    options.secretNames = namesChangedFrom(DEFAULT_GITHUB_SECRET_NAMES, form.secretNames);
  }
  if (target === 'dotenv') {
    options.pemStyle = form.pemStyle;
    options.variableNames = namesChangedFrom(dotenvVariableNamesOf({}, form.pemStyle), form.variableNames);
    options.fileName = form.fileName.trim();
  }
  return options;
}

/** The three names a target lets the user change, each checked as it is typed. */
function NameFields({
  legend,
  noun,
  names,
  problems,
  problemPrefix,
  onChange,
}: {
  legend: string;
  noun: string;
  names: ExportValueNames;
  problems: Record<string, string>;
  problemPrefix: string;
  onChange: (names: ExportValueNames) => void;
}) {
  return (
    <fieldset className="choice-group">
      <legend>{legend}</legend>
      {EXPORT_NAME_FIELDS.map((field) => (
        <TextField
          key={field}
          label={`${noun} for ${NAME_LABELS[field]}`}
          value={names[field]}
          onChange={(value) => onChange({ ...names, [field]: value })}
          problem={problems[`${problemPrefix}.${field}`] ?? null}
          monospace
        />
      ))}
    </fieldset>
  );
}

function PreviewView({ preview, request }: { preview: ExportPreview; request: ExportRequestInput }) {
  return (
    <div className="export-preview">
      {preview.notices.map((notice) => (
        <p key={notice} className="notice notice--warning small">
          {notice}
        </p>
      ))}
      <h3>Files</h3>
      <ul className="plain-list">
        {preview.files.map((file) => (
          <li key={file.name}>
            <code>{file.name}</code> <span className="muted small">· {file.purpose} · owner-only (0600)</span>
          </li>
        ))}
      </ul>
      <h3>Values to paste</h3>
      <table className="fields-table">
        <tbody>
          {preview.fields.map((field) => (
            <tr key={`${field.section ?? ''}${field.label}`}>
              <th scope="row">
                {field.section && <span className="muted small">{field.section} · </span>}
                {field.label}
              </th>
              <td>
                {field.secret ? (
                  <>
                    <span className="muted">private key ({field.form === 'pem' ? 'PEM text' : 'base64'}), stays in the app</span>
                    <ClipboardButton
                      copy={() => vault().exportsCopySecretField({ request, label: field.label, ...(field.section ? { section: field.section } : {}) })}
                      label={`Copy ${field.label}`}
                    />
                  </>
                ) : (
                  <>
                    <code>{field.value}</code> <CopyTextButton text={field.value} label="Copy" />
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Checklist</h3>
      <ol className="checklist">
        {preview.checklist.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {preview.commands.length > 0 && (
        <>
          <h3>Commands</h3>
          {preview.commands.map((command) => (
            <div key={command.label}>
              <p className="small muted">{command.label}</p>
              <pre className="code-block">{command.line}</pre>
              <CopyTextButton text={command.line} label="Copy command" />
            </div>
          ))}
        </>
      )}
    </div>
  );
}

/** Targets this key alone can go to: one of its slots takes the key's kind and every other slot is optional. */
function takesOnItsOwn(target: ExportTargetId, kind: KeySummary['kind']): boolean {
  const slots = EXPORT_TARGETS[target].slots;
  const own = slots.find((slot) => slot.kinds.includes(kind));
  return own !== undefined && slots.every((slot) => slot === own || !slot.required);
}

/** Where the key went last, if it can go there again on its own; otherwise the first target that takes it alone. */
function firstTarget(keySummary: KeySummary, usable: ExportTargetId[]): ExportTargetId {
  const last = keySummary.exports.at(-1)?.target;
  const standalone = usable.filter((id) => takesOnItsOwn(id, keySummary.kind));
  return standalone.find((id) => id === last) ?? standalone[0] ?? usable[0] ?? 'dotenv';
}

/** Choose where a key goes; main shows what will be written, then writes it into a folder it asks for. */
export function ExportPanel({
  keySummary,
  onClose,
  onExported,
  initialTarget,
  note,
}: {
  keySummary: KeySummary;
  onClose: () => void;
  onExported: () => void;
  /** The target to start on (a replacement's place), instead of where the key went last. */
  initialTarget?: ExportTargetId;
  /** Shown under the panel's heading: why this export is being made. */
  note?: ReactNode;
}) {
  const ids = { target: useId(), partner: useId() };
  const usable = EXPORT_TARGET_IDS.filter((id) => EXPORT_TARGETS[id].slots.some((slot) => slot.kinds.includes(keySummary.kind)));
  const [target, setTarget] = useState<ExportTargetId>(() => initialTarget ?? firstTarget(keySummary, usable));
  const [partnerId, setPartnerId] = useState('');
  const [allowRevoked, setAllowRevoked] = useState(false);
  const [form, setForm] = useState<TargetOptions>({
    bundleId: keySummary.bundleIds[0] ?? '',
    duration: String(FASTLANE_DEFAULT_DURATION_SECONDS),
    inHouse: false,
    profile: '',
    repository: '',
    secretNames: DEFAULT_GITHUB_SECRET_NAMES,
    pemStyle: 'multiline',
    variableNames: dotenvVariableNamesOf({}, 'multiline'),
    fileName: '.env',
  });
  const [preview, setPreview] = useState<ExportPreview | null>(null);
  const [previewError, setPreviewError] = useState<ResultError | null>(null);
  const [writtenFor, setWrittenFor] = useState<{ request: ExportRequestInput; result: WrittenExport } | null>(null);
  const write = useVaultCall((request: ExportRequestInput, overwrite: boolean) => vault().exportsWrite({ request, overwrite }));
  const keyList = useKeyList();

  const spec = EXPORT_TARGETS[target];
  const ownSlot = spec.slots.find((slot) => slot.kinds.includes(keySummary.kind));
  const partnerSlot = spec.slots.find((slot) => slot !== ownSlot);
  const request = useMemo<ExportRequestInput>(() => {
    const slotKeys: Partial<Record<ExportSlotId, string>> = {};
    if (ownSlot) slotKeys[ownSlot.slot] = keySummary.id;
    if (partnerSlot && partnerId) slotKeys[partnerSlot.slot] = partnerId;
    return { target, keys: slotKeys, options: optionsFor(target, form, allowRevoked) } as ExportRequestInput;
  }, [target, ownSlot, partnerSlot, partnerId, keySummary.id, form, allowRevoked]);
  // The rules main applies, checked here as the user types; main still checks every request.
  const problems = useMemo(() => exportOptionProblems(request.target, request.options), [request]);
  // A change to the form after writing makes a new export: the written result no longer describes it.
  const written = writtenFor?.request === request ? writtenFor.result : null;
  const formIsValid = Object.keys(problems).length === 0;

  useEffect(() => {
    if (!formIsValid) return;
    let current = true;
    void vault()
      .exportsPreview({ request })
      .then((result) => {
        if (!current) return;
        setPreview(result.ok ? result.value : null);
        setPreviewError(result.ok ? null : result.error);
      });
    return () => {
      current = false;
    };
  }, [request, formIsValid]);

  async function writeFiles(overwrite: boolean) {
    const result = await write.run(request, overwrite);
    if (result.ok && result.value) {
      setWrittenFor({ request, result: result.value });
      onExported();
    }
  }

  const setOption = <Field extends keyof TargetOptions>(field: Field, value: TargetOptions[Field]) => setForm((previous) => ({ ...previous, [field]: value }));
  // The private key's default name follows the PEM style until the user renames it.
  const setPemStyle = (pemStyle: DotenvPemStyle) =>
    setForm((previous) => {
      const keepsDefault = previous.variableNames.privateKey === dotenvVariableNamesOf({}, previous.pemStyle).privateKey;
      const privateKey = keepsDefault ? dotenvVariableNamesOf({}, pemStyle).privateKey : previous.variableNames.privateKey;
      return { ...previous, pemStyle, variableNames: { ...previous.variableNames, privateKey } };
    });
  const partners = partnerSlot && keyList.keys ? keyList.keys.filter((key) => key.id !== keySummary.id && partnerSlot.kinds.includes(key.kind) && !key.revoked) : [];

  return (
    <section className="panel" aria-labelledby="export-title">
      <div className="detail-header">
        <h2 id="export-title">Export “{keySummary.name}”</h2>
      </div>
      <p className="muted small">
        The files are written by the app into a folder you choose, readable by you only. Private keys never pass through this window.
      </p>
      {note}
      <div className="form">
        <div className="field">
          <label htmlFor={ids.target}>Export to</label>
          {/* The Export… button that opened the panel is gone; the focus starts at the first choice. */}
          <select id={ids.target} value={target} onChange={(event) => setTarget(event.target.value as ExportTargetId)} autoFocus>
            {(['subscription-platform', 'ci-and-tools'] as const).map((group) => (
              <optgroup key={group} label={EXPORT_TARGET_GROUP_LABELS[group]}>
                {EXPORT_TARGET_IDS.filter((id) => EXPORT_TARGETS[id].group === group).map((id) => (
                  <option key={id} value={id} disabled={!usable.includes(id)}>
                    {EXPORT_TARGETS[id].label}
                    {usable.includes(id) ? '' : ` (needs an ${EXPORT_TARGETS[id].slots.map((slot) => slot.label).join(' or ')})`}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <p className="field-hint">{spec.summary}</p>
        </div>
        {partnerSlot && (
          <div className="field">
            <label htmlFor={ids.partner}>
              {partnerSlot.label}
              {partnerSlot.required ? '' : ' (optional)'}
            </label>
            <select id={ids.partner} value={partnerId} onChange={(event) => setPartnerId(event.target.value)}>
              <option value="">{keyList.keys !== null && partners.length === 0 ? `No ${partnerSlot.label} in the vault` : 'None'}</option>
              {partners.map((key) => (
                <option key={key.id} value={key.id}>
                  {key.name} ({key.keyId})
                </option>
              ))}
            </select>
            <ErrorMessage error={keyList.error} onRetry={keyList.reload} />
            <p className="field-hint">
              {partnerSlot.purpose} From {partnerSlot.kinds.map((kind) => KEY_KIND_SOURCES[kind]).join(' or ')}.
            </p>
          </div>
        )}
        {target === 'adapty' && (
          <TextField
            label="Bundle ID"
            value={form.bundleId}
            onChange={(value) => setOption('bundleId', value)}
            hint="Adapty asks for the app’s Bundle ID before the key."
            problem={problems.bundleId ?? null}
          />
        )}
        {target === 'fastlane' && (
          <div className="field-row">
            <TextField
              label={`Token duration (seconds, at most ${FASTLANE_MAX_DURATION_SECONDS})`}
              value={form.duration}
              onChange={(value) => setOption('duration', value)}
              hint={`fastlane signs each token from ${FASTLANE_IAT_BACKDATE_SECONDS} seconds before now to this many seconds after it, and Apple refuses tokens that live longer than 20 minutes. ${FASTLANE_DEFAULT_DURATION_SECONDS} is fastlane’s own default.`}
              problem={problems.duration ?? null}
            />
            <label className="choice">
              <input type="checkbox" checked={form.inHouse} onChange={(event) => setOption('inHouse', event.target.checked)} /> Enterprise (in-house) team
            </label>
          </div>
        )}
        {target === 'expo-eas' && (
          <TextField label="Submit profile" value={form.profile} onChange={(value) => setOption('profile', value)} placeholder="production" problem={problems.profile ?? null} />
        )}
        {target === 'github-actions' && (
          <>
            <TextField label="Repository (owner/name, optional)" value={form.repository} onChange={(value) => setOption('repository', value)} problem={problems.repository ?? null} />
            <NameFields
              legend="GitHub secret names"
              noun="Secret"
              names={form.secretNames}
              problems={problems}
              problemPrefix="secretNames"
              onChange={(names) => setOption('secretNames', names)}
            />
          </>
        )}
        {target === 'dotenv' && (
          <>
            <TextField label="File name" value={form.fileName} onChange={(value) => setOption('fileName', value)} problem={problems.fileName ?? null} monospace />
            <fieldset className="choice-group">
              <legend>Private key in the .env file</legend>
              <label className="choice">
                <input type="radio" name="pem-style" checked={form.pemStyle === 'multiline'} onChange={() => setPemStyle('multiline')} /> PEM text in quotes, on several lines
              </label>
              <label className="choice">
                <input type="radio" name="pem-style" checked={form.pemStyle === 'base64'} onChange={() => setPemStyle('base64')} /> One line of base64
              </label>
            </fieldset>
            <NameFields
              legend="Variable names"
              noun="Variable"
              names={form.variableNames}
              problems={problems}
              problemPrefix="variableNames"
              onChange={(names) => setOption('variableNames', names)}
            />
          </>
        )}
        {keySummary.revoked && (
          <label className="choice">
            <input type="checkbox" checked={allowRevoked} onChange={(event) => setAllowRevoked(event.target.checked)} /> Export although this key is marked revoked
          </label>
        )}
      </div>
      <ErrorMessage error={formIsValid ? previewError : null} />
      {!ownSlot && (
        <p className="error-message" role="alert">
          {spec.label} needs an {spec.slots.map((slot) => slot.label).join(' or ')}; this is an {KEY_KIND_LABELS[keySummary.kind]}.
        </p>
      )}
      {written && <ExportWrittenNotice written={written} />}
      {/* Once written, the values and checklist stay, with the real paths, while the user pastes them in. */}
      {written ? <PreviewView preview={written} request={request} /> : preview && formIsValid && <PreviewView preview={preview} request={request} />}
      <ErrorMessage error={write.error} />
      <div className="button-row">
        {!written && (
          <button type="button" className="button button--primary" disabled={!preview || !formIsValid || write.busy} onClick={() => void writeFiles(false)}>
            {target === 'altool' ? 'Write to a private_keys folder…' : 'Write files…'}
          </button>
        )}
        {write.error?.code === 'FILE_EXISTS' && (
          <button type="button" className="button button--danger" onClick={() => void writeFiles(true)}>
            Replace the existing files
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          {written ? 'Done' : 'Cancel'}
        </button>
      </div>
    </section>
  );
}
