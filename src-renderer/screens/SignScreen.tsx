import { useId, useState, type FormEvent } from 'react';
import { normalizeBundleId } from '../../src-shared/keys/identifiers';
import type { KeyKind } from '../../src-shared/keys/key-kind';
import { optionalNonce, parseAdvancedCommerceRequestJson } from '../../src-shared/signing/offer-fields';
import type { OfferRequest, OfferSignature } from '../../src-shared/signing/offer-request';
import { parseScopeEntry } from '../../src-shared/signing/scope';
import { keysOnlyBundleId } from '../../src-shared/signing/token-bundle-id';
import { apiOfTokenTemplate, type TokenApi } from '../../src-shared/signing/token-inspection';
import { backdateSecondsFromText, defaultLifetimeSeconds, lifetimeSecondsFromMinutes } from '../../src-shared/signing/token-lifetime';
import type { IssuedToken, TokenRequest } from '../../src-shared/signing/token-request';
import type { Result } from '../../src-shared/result';
import { CopyTextButton } from '../components/CopyTextButton';
import { ErrorMessage } from '../components/ErrorMessage';
import { TextField } from '../components/TextField';
import { fieldProblem } from '../field-problem';
import { useKeyList } from '../hooks/useKeyList';
import { useVaultCall } from '../hooks/useVaultCall';
import { formatCountdown, useNow } from '../hooks/useNow';
import { vault } from '../vault-client';
import { SignBundleIdField } from './SignBundleIdField';

type Template = TokenRequest['template'] | OfferRequest['kind'];

const TEMPLATES: Record<KeyKind, Array<{ id: Template; label: string }>> = {
  'asc-team': [{ id: 'asc-team', label: 'App Store Connect API token' }],
  'asc-individual': [{ id: 'asc-individual', label: 'App Store Connect API token (individual key)' }],
  'in-app-purchase': [
    { id: 'app-store-server', label: 'App Store Server API token' },
    { id: 'legacy', label: 'Promotional offer signature (StoreKit, legacy)' },
    { id: 'promo-v2', label: 'Promotional offer JWS (v2)' },
    { id: 'intro-eligibility', label: 'Introductory offer eligibility JWS' },
    { id: 'advanced-commerce', label: 'Advanced Commerce in-app request JWS' },
  ],
};

export interface IssuedEntry {
  at: string;
  keyName: string;
  label: string;
  expiresAt?: string;
}

type Output = { type: 'token'; value: IssuedToken } | { type: 'offer'; value: OfferSignature };

/** Opens the inspector on a token; for one the app just issued, with the API it was issued for. */
export type OpenInInspector = (token: string, meantFor?: TokenApi) => void;

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
const firstProblem = (problems: Array<string | null>) => problems.find((problem) => problem !== null) ?? null;

function OutputView({ output, onInspect }: { output: Output; onInspect: OpenInInspector }) {
  const now = useNow();
  if (output.type === 'token') {
    const token = output.value;
    return (
      <section className="panel" aria-label="Issued token">
        <h3>Token</h3>
        <p className="muted small" role="timer">
          {formatCountdown(token.expiresAt, now)} · lifetime {Math.round(token.lifetimeSeconds / 60)} min
        </p>
        {token.warnings.map((warning) => (
          <p key={warning} className="notice notice--warning small">
            {warning}
          </p>
        ))}
        <pre className="token-text" aria-label="Token text">
          {token.token}
        </pre>
        <div className="button-row">
          <CopyTextButton text={token.token} label="Copy token" />
          <CopyTextButton text={token.curl} label="Copy curl line" />
          <button type="button" className="button button--small" onClick={() => onInspect(token.token, apiOfTokenTemplate(token.template))}>
            Open in inspector
          </button>
        </div>
        <h4>curl</h4>
        <pre className="code-block">{token.curl}</pre>
        <h4>Header</h4>
        <pre className="code-block">{JSON.stringify(token.header, null, 2)}</pre>
        <h4>Payload</h4>
        <pre className="code-block">{JSON.stringify(token.payload, null, 2)}</pre>
      </section>
    );
  }
  const offer = output.value;
  if (offer.kind === 'legacy') {
    const fields: Array<[string, string]> = [
      ['Key ID (keyIdentifier)', offer.keyId],
      ['Nonce', offer.nonce],
      ['Timestamp (ms)', String(offer.timestamp)],
      ['Signature', offer.signature],
    ];
    return (
      <section className="panel" aria-label="Offer signature">
        <h3>Promotional offer signature</h3>
        <p className="muted small">Pass these to Product.PurchaseOption.promotionalOffer(…). Each nonce serves one purchase; the timestamp keeps it valid for 24 hours.</p>
        <dl className="facts">
          {fields.map(([label, value]) => (
            <div key={label} className="facts__row">
              <dt>{label}</dt>
              <dd>
                <code>{value}</code> <CopyTextButton text={value} label={`Copy ${label.split(' ')[0]}`} />
              </dd>
            </div>
          ))}
        </dl>
      </section>
    );
  }
  return (
    <section className="panel" aria-label="Signed JWS">
      <h3>Signed JWS</h3>
      <pre className="token-text">{offer.jws}</pre>
      <div className="button-row">
        <CopyTextButton text={offer.jws} label="Copy JWS" />
        <button type="button" className="button button--small" onClick={() => onInspect(offer.jws)}>
          Open in inspector
        </button>
      </div>
      <h4>Payload</h4>
      <pre className="code-block">{JSON.stringify(offer.payload, null, 2)}</pre>
    </section>
  );
}

export function SignScreen({ initialKeyId, history, onIssued, onInspect }: { initialKeyId: string | null; history: IssuedEntry[]; onIssued: (entry: IssuedEntry) => void; onInspect: OpenInInspector }) {
  const [keyId, setKeyId] = useState(initialKeyId ?? '');
  const [template, setTemplate] = useState<Template | ''>('');
  const [minutes, setMinutes] = useState('');
  const [backdate, setBackdate] = useState('0');
  const [scope, setScope] = useState('');
  // What was typed or chosen, for the key it was typed for; until then the key's only bundle ID (token-bundle-id.ts).
  const [bundleEntry, setBundleEntry] = useState<{ keyId: string; text: string } | null>(null);
  const [environment, setEnvironment] = useState<'sandbox' | 'production'>('sandbox');
  const [productId, setProductId] = useState('');
  const [offerId, setOfferId] = useState('');
  const [transactionId, setTransactionId] = useState('');
  const [appAccountToken, setAppAccountToken] = useState('');
  const [nonce, setNonce] = useState('');
  const [allowIntro, setAllowIntro] = useState(true);
  const [requestJson, setRequestJson] = useState('');
  const [output, setOutput] = useState<Output | null>(null);
  const ids = { key: useId(), template: useId(), environment: useId() };
  const { run, busy, error } = useVaultCall((call: () => Promise<Result<Output>>) => call());
  const keyList = useKeyList();
  const keys = (keyList.keys ?? []).filter((candidate) => !candidate.revoked);

  const key = keys.find((candidate) => candidate.id === keyId);
  const bundleId = !key ? '' : bundleEntry?.keyId === key.id ? bundleEntry.text : (keysOnlyBundleId(key.bundleIds) ?? '');
  const setBundleId = (text: string) => setBundleEntry(key ? { keyId: key.id, text } : null);
  const templates = key ? TEMPLATES[key.kind] : [];
  const chosen = templates.some((option) => option.id === template) ? (template as Template) : (templates[0]?.id ?? '');
  const isToken = chosen === 'asc-team' || chosen === 'asc-individual' || chosen === 'app-store-server';
  const needsBundle = chosen !== '' && chosen !== 'asc-team' && chosen !== 'asc-individual';
  const tokenTemplate = isToken ? chosen : null;
  const problems = {
    lifetime: tokenTemplate ? fieldProblem((text) => lifetimeSecondsFromMinutes(tokenTemplate, text, lines(scope)), minutes) : null,
    backdate: tokenTemplate ? fieldProblem(backdateSecondsFromText, backdate) : null,
    bundleId: needsBundle ? fieldProblem(normalizeBundleId, bundleId) : null,
    scope: chosen === 'asc-team' || chosen === 'asc-individual' ? firstProblem(lines(scope).map((entry) => fieldProblem(parseScopeEntry, entry))) : null,
    requestJson: chosen === 'advanced-commerce' ? fieldProblem(parseAdvancedCommerceRequestJson, requestJson) : null,
    nonce: chosen === 'legacy' ? fieldProblem(optionalNonce, nonce) : null,
  };
  const hasProblem = Object.values(problems).some((problem) => problem !== null);

  function buildRequest(): { token: TokenRequest } | { offer: OfferRequest } | null {
    if (hasProblem) return null;
    const ttlSeconds = tokenTemplate ? lifetimeSecondsFromMinutes(tokenTemplate, minutes, lines(scope)) : undefined;
    const timing = { ...(ttlSeconds === undefined ? {} : { ttlSeconds }), backdateSeconds: backdateSecondsFromText(backdate) };
    switch (chosen) {
      case 'asc-team':
      case 'asc-individual':
        return { token: { template: chosen, ...timing, ...(lines(scope).length > 0 ? { scope: lines(scope) } : {}) } };
      case 'app-store-server':
        return { token: { template: chosen, ...timing, bundleId, environment } };
      case 'legacy':
        return { offer: { kind: 'legacy', bundleId, productId, offerId, ...(appAccountToken ? { appAccountToken } : {}), ...(nonce.trim() ? { nonce } : {}) } };
      case 'promo-v2':
        return { offer: { kind: 'promo-v2', bundleId, productId, offerIdentifier: offerId, ...(transactionId ? { transactionId } : {}) } };
      case 'intro-eligibility':
        return { offer: { kind: 'intro-eligibility', bundleId, productId, allowIntroductoryOffer: allowIntro, transactionId } };
      case 'advanced-commerce':
        return { offer: { kind: 'advanced-commerce', bundleId, requestJson } };
      default:
        return null;
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const request = buildRequest();
    if (!key || !request) return;
    const label = templates.find((option) => option.id === chosen)?.label ?? '';
    const result = await run(async (): Promise<Result<Output>> => {
      if ('token' in request) {
        const issued = await vault().signToken({ id: key.id, request: request.token });
        return issued.ok ? { ok: true, value: { type: 'token', value: issued.value } } : issued;
      }
      const signed = await vault().signOffer({ id: key.id, request: request.offer });
      return signed.ok ? { ok: true, value: { type: 'offer', value: signed.value } } : signed;
    });
    if (!result.ok) return;
    setOutput(result.value);
    onIssued({ at: new Date().toISOString(), keyName: key.name, label, ...(result.value.type === 'token' ? { expiresAt: result.value.value.expiresAt } : {}) });
  }

  return (
    <div className="sign-layout">
      <section aria-labelledby="sign-title">
        <h2 id="sign-title">Sign</h2>
        <p className="muted">Tokens and signatures are made in the app’s main process; the private key never reaches this window.</p>
        <form className="form" onSubmit={submit} aria-busy={busy}>
          <div className="field">
            <label htmlFor={ids.key}>Key</label>
            <select id={ids.key} value={keyId} onChange={(event) => setKeyId(event.target.value)}>
              <option value="">Choose a key…</option>
              {keys.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name} ({candidate.keyId})
                </option>
              ))}
            </select>
            <ErrorMessage error={keyList.error} onRetry={keyList.reload} />
          </div>
          {key && (
            <div className="field">
              <label htmlFor={ids.template}>What to sign</label>
              <select id={ids.template} value={chosen} onChange={(event) => setTemplate(event.target.value as Template)}>
                {templates.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
          )}
          {key && isToken && (
            <div className="field-row">
              <TextField label="Lifetime (minutes)" value={minutes} onChange={setMinutes} problem={problems.lifetime} placeholder={String(defaultLifetimeSeconds(chosen as TokenRequest['template']) / 60)} />
              <TextField label="Backdate iat (seconds, 0–60)" value={backdate} onChange={setBackdate} problem={problems.backdate} hint="For servers whose clock runs behind." />
            </div>
          )}
          {key && (chosen === 'asc-team' || chosen === 'asc-individual') && (
            <TextField label="Scope (optional, one per line)" value={scope} onChange={setScope} multiline monospace problem={problems.scope} placeholder="GET /v1/apps?filter[platform]=IOS" />
          )}
          {key && needsBundle && <SignBundleIdField key={key.id} keyBundleIds={key.bundleIds} value={bundleId} onChange={setBundleId} problem={problems.bundleId} />}
          {key && chosen === 'app-store-server' && (
            <div className="field">
              <label htmlFor={ids.environment}>curl host</label>
              <select id={ids.environment} value={environment} onChange={(event) => setEnvironment(event.target.value as 'sandbox' | 'production')}>
                <option value="sandbox">Sandbox (api.storekit-sandbox.apple.com)</option>
                <option value="production">Production (api.storekit.apple.com)</option>
              </select>
            </div>
          )}
          {key && (chosen === 'legacy' || chosen === 'promo-v2' || chosen === 'intro-eligibility') && <TextField label="Product ID" value={productId} onChange={setProductId} />}
          {key && (chosen === 'legacy' || chosen === 'promo-v2') && <TextField label="Offer identifier" value={offerId} onChange={setOfferId} />}
          {key && chosen === 'legacy' && <TextField label="App account token (optional)" value={appAccountToken} onChange={setAppAccountToken} />}
          {key && chosen === 'legacy' && (
            <TextField label="Nonce (optional)" value={nonce} onChange={setNonce} monospace problem={problems.nonce} hint="A UUID, signed in lower case as Apple requires. Leave empty for a fresh one." />
          )}
          {key && (chosen === 'promo-v2' || chosen === 'intro-eligibility') && (
            <TextField label={chosen === 'promo-v2' ? 'Transaction ID (optional)' : 'Transaction ID'} value={transactionId} onChange={setTransactionId} />
          )}
          {key && chosen === 'intro-eligibility' && (
            <label className="choice">
              <input type="checkbox" checked={allowIntro} onChange={(event) => setAllowIntro(event.target.checked)} /> Allow the introductory offer
            </label>
          )}
          {key && chosen === 'advanced-commerce' && <TextField label="Request JSON" value={requestJson} onChange={setRequestJson} multiline monospace problem={problems.requestJson} />}
          <ErrorMessage error={error} />
          <button type="submit" className="button button--primary" disabled={!key || busy || hasProblem}>
            {busy ? 'Signing…' : isToken ? 'Issue token' : 'Sign'}
          </button>
        </form>
        {history.length > 0 && (
          <section aria-labelledby="history-title">
            <h3 id="history-title">Issued in this session</h3>
            <p className="muted small">Only what was issued and when; token text is not kept, and this list is cleared when the vault locks.</p>
            <ul className="history">
              {history.map((entry) => (
                <li key={entry.at + entry.label}>
                  {new Date(entry.at).toLocaleTimeString()} · {entry.label} · {entry.keyName}
                </li>
              ))}
            </ul>
          </section>
        )}
      </section>
      {output && <OutputView output={output} onInspect={onInspect} />}
    </div>
  );
}
