import { useEffect, useState } from 'react';
import { describeAppleCheck, type AppleCheckResult } from '../../src-shared/apple-check/apple-check';
import type { KeySummary } from '../../src-shared/keys/key-record';
import { ErrorMessage } from '../components/ErrorMessage';
import { WorkingNote } from '../components/WorkingNote';
import { useVaultCall } from '../hooks/useVaultCall';
import { vault } from '../vault-client';

/** "Check with Apple" on a key's page: the answer, what it means, the apps the key sees, and Apple's own words. */
export function AppleCheckSection({ keySummary, onChanged }: { keySummary: KeySummary; onChanged: (key: KeySummary) => void }) {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [result, setResult] = useState<AppleCheckResult | null>(null);
  const check = useVaultCall((id: string) => vault().appleCheck({ id }));
  const addBundleIds = useVaultCall((bundleIds: string[]) => vault().keysUpdate({ id: keySummary.id, update: { bundleIds } }));

  useEffect(() => {
    void vault()
      .settingsGet()
      .then((answer) => answer.ok && setEnabled(answer.value.appleCheckEnabled));
  }, []);

  async function runCheck() {
    const answer = await check.run(keySummary.id);
    if (!answer.ok) return;
    setResult(answer.value);
    onChanged(answer.value.key);
  }

  async function addSeenBundleIds(toAdd: string[]) {
    const answer = await addBundleIds.run([...keySummary.bundleIds, ...toAdd]);
    if (!answer.ok) return;
    onChanged(answer.value);
    if (result) setResult({ ...result, bundleIdsToAdd: [] });
  }

  if (enabled === null) return null;
  return (
    <section className="apple-check" aria-labelledby="apple-check-section-title">
      <h3 id="apple-check-section-title">Check with Apple</h3>
      <p className="muted small">{keySummary.appleCheck ? describeAppleCheck(keySummary.appleCheck) : 'Not checked with Apple yet.'}</p>
      {!enabled ? (
        <p className="muted">Checking keys with Apple is off. Turn it on in Settings, where it says exactly what is sent.</p>
      ) : (
        <div className="button-row">
          <button type="button" className="button" disabled={check.busy} onClick={() => void runCheck()}>
            Check with Apple
          </button>
        </div>
      )}
      {check.busy && <WorkingNote text="Asking Apple…" />}
      <ErrorMessage error={check.error} />
      {result && !check.busy && <AppleCheckAnswer result={result} adding={addBundleIds.busy} onAddBundleIds={(ids) => void addSeenBundleIds(ids)} />}
      <ErrorMessage error={addBundleIds.error} />
    </section>
  );
}

function AppleCheckAnswer({ result, adding, onAddBundleIds }: { result: AppleCheckResult; adding: boolean; onAddBundleIds: (bundleIds: string[]) => void }) {
  const answered = result.attempts.filter((attempt) => attempt.detail !== undefined);
  return (
    <div className="apple-check__answer" role="status">
      <p className={result.works ? 'success-message' : 'error-message'} data-apple-check={result.works ? 'works' : result.problem}>
        {result.summary.charAt(0).toUpperCase() + result.summary.slice(1)}
      </p>
      {result.explanations.length > 0 && (
        <ul className="apple-check__explanations">
          {result.explanations.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {result.apps.length > 0 && (
        <table className="apple-check__apps">
          <caption className="visually-hidden">Apps this key sees</caption>
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Bundle ID</th>
              <th scope="col">Apple ID</th>
            </tr>
          </thead>
          <tbody>
            {result.apps.map((app) => (
              <tr key={app.appleId}>
                <td>{app.name}</td>
                <td>
                  <code>{app.bundleId}</code>
                </td>
                <td>
                  <code>{app.appleId}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.moreApps && <p className="muted small">The key sees more apps than the check lists.</p>}
      {result.bundleIdsToAdd.length > 0 && (
        <div className="button-row">
          <button type="button" className="button" disabled={adding} onClick={() => onAddBundleIds(result.bundleIdsToAdd)}>
            Add {result.bundleIdsToAdd.length === 1 ? 'its bundle ID' : `their ${result.bundleIdsToAdd.length} bundle IDs`} to the key
          </button>
          <span className="muted small">{result.bundleIdsToAdd.join(', ')}</span>
        </div>
      )}
      {answered.length > 0 && (
        <details className="apple-check__details">
          <summary>Apple’s answer</summary>
          {answered.map((attempt) => (
            <div key={`${attempt.label} ${attempt.url}`}>
              <p className="small">
                {attempt.label}: {attempt.status === null ? 'no answer' : `HTTP ${attempt.status}`} from <code>{attempt.url}</code>
              </p>
              <pre>{attempt.detail}</pre>
            </div>
          ))}
        </details>
      )}
    </div>
  );
}
