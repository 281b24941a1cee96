import { useId, useState, type FormEvent } from 'react';
import type { InspectionResult } from '../../src-shared/signing/inspection-result';
import type { FindingSeverity, TokenApi } from '../../src-shared/signing/token-inspection';
import { utcTimeText } from '../../src-shared/time/utc-time';
import { ErrorMessage } from '../components/ErrorMessage';
import { TextField } from '../components/TextField';
import { useVaultCall } from '../hooks/useVaultCall';
import { formatCountdown, useNow } from '../hooks/useNow';
import { vault } from '../vault-client';

const SEVERITY_LABELS: Record<FindingSeverity, string> = { ok: 'OK', warning: 'Warning', error: 'Problem' };

type MeantFor = TokenApi | '';

// App Store Connect API and App Store Server API tokens share their aud; only the user knows which one was meant.
const MEANT_FOR_OPTIONS: Array<{ value: MeantFor; label: string }> = [
  { value: '', label: 'Don’t know (tell from the claims)' },
  { value: 'app-store-connect', label: 'App Store Connect API' },
  { value: 'app-store-server', label: 'App Store Server API' },
];

function RevokedKeyWarning({ keyName }: { keyName: string }) {
  return (
    <p className="notice notice--warning" role="status">
      “{keyName}” is marked as revoked in this vault. Apple rejects tokens from a revoked key: 401. Sign with an active key.
    </p>
  );
}

function Verification({ verification }: { verification: InspectionResult['verification'] }) {
  if (verification.status === 'verified') {
    return (
      <>
        <p className="success-message" role="status">
          Signature verified with “{verification.keyName}” ({verification.keyId}) from this vault.
        </p>
        {verification.keyRevoked && <RevokedKeyWarning keyName={verification.keyName} />}
      </>
    );
  }
  if (verification.status === 'bad-signature') {
    return (
      <>
        <p className="error-message" role="status">
          The signature does not match “{verification.keyName}” ({verification.keyId}), the vault key with this kid. Apple will refuse this token.
        </p>
        {verification.keyRevoked && <RevokedKeyWarning keyName={verification.keyName} />}
      </>
    );
  }
  return (
    <p className="muted" role="status">
      No key in this vault has this kid, so the signature was not checked.
    </p>
  );
}

/**
 * Decodes any pasted JWT, explains each claim against Apple's rules, and verifies it when the kid is a vault key.
 * `initialMeantFor` is the API of a token the Sign screen just issued, so the inspector need not ask.
 */
export function InspectorScreen({ initialToken, initialMeantFor }: { initialToken: string; initialMeantFor?: TokenApi }) {
  const [token, setToken] = useState(initialToken);
  const [meantFor, setMeantFor] = useState<MeantFor>(initialMeantFor ?? '');
  const [result, setResult] = useState<InspectionResult | null>(null);
  const now = useNow();
  const meantForId = useId();
  const meantForHintId = useId();
  const presetLabel = MEANT_FOR_OPTIONS.find((option) => option.value === initialMeantFor)?.label;
  const showPreset = presetLabel !== undefined && meantFor === initialMeantFor && token === initialToken;
  const { run, busy, error } = useVaultCall((text: string, expected: MeantFor) =>
    vault().signInspect({ token: text, ...(expected === '' ? {} : { expected }) }),
  );

  async function inspect(expected: MeantFor) {
    const inspected = await run(token, expected);
    setResult(inspected.ok ? inspected.value : null);
  }

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    await inspect(meantFor);
  }

  function changeMeantFor(next: MeantFor) {
    setMeantFor(next);
    // The findings on screen answer the old choice; answer the new one at once.
    if (result !== null && token.trim() !== '') void inspect(next);
  }

  return (
    <section aria-labelledby="inspector-title" className="inspector">
      <h2 id="inspector-title">Token inspector</h2>
      <p className="muted">Paste any App Store Connect or App Store Server token, or a StoreKit JWS. Nothing is sent anywhere.</p>
      <form className="form" onSubmit={submit} aria-busy={busy}>
        <TextField label="Token" value={token} onChange={setToken} multiline monospace />
        <div className="field">
          <label htmlFor={meantForId}>Meant for</label>
          <select
            id={meantForId}
            value={meantFor}
            onChange={(event) => changeMeantFor(event.target.value as MeantFor)}
            aria-describedby={showPreset ? meantForHintId : undefined}
          >
            {MEANT_FOR_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          {showPreset && (
            <p className="field-hint" id={meantForHintId}>
              Set from the Sign screen, which issued this token for the {presetLabel}.
            </p>
          )}
        </div>
        <ErrorMessage error={error} />
        <button type="submit" className="button button--primary" disabled={busy || token.trim() === ''}>
          Inspect
        </button>
      </form>
      {result && (
        <div className="panel">
          <Verification verification={result.verification} />
          {result.inspection.expiresAt && (
            <p role="timer">
              {formatCountdown(result.inspection.expiresAt, now)} ({utcTimeText(result.inspection.expiresAt)})
            </p>
          )}
          <h3>Findings</h3>
          <ul className="findings">
            {result.inspection.findings.map((finding, index) => (
              <li key={`${finding.claim}-${index}`} className={`finding finding--${finding.severity}`}>
                <span className="finding__severity">{SEVERITY_LABELS[finding.severity]}</span>
                <code>{finding.claim}</code>
                <span>{finding.message}</span>
              </li>
            ))}
          </ul>
          <h3>Header</h3>
          <pre className="code-block">{JSON.stringify(result.inspection.header, null, 2)}</pre>
          <h3>Payload</h3>
          <pre className="code-block">{JSON.stringify(result.inspection.payload, null, 2)}</pre>
        </div>
      )}
    </section>
  );
}
