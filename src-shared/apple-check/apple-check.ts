import type { KeySummary } from '../keys/key-record';

/** Why a check with Apple did not say "works"; each has its own explanation. */
export const APPLE_CHECK_PROBLEMS = [
  'unauthorized',
  'forbidden',
  'not-found',
  'app-not-found',
  'no-apps',
  'rate-limited',
  'timeout',
  'tls',
  'network',
  'redirect-refused',
  'too-large',
  'no-bundle-id',
  'unexpected',
] as const;
export type AppleCheckProblem = (typeof APPLE_CHECK_PROBLEMS)[number];

export type AppleEnvironment = 'production' | 'sandbox';

/** One app an App Store Connect API key can see. */
export interface AppleApp {
  name: string;
  bundleId: string;
  /** Apple's numeric app ID (the resource id). */
  appleId: string;
}

/** One request made to Apple and what came back. Never the token. */
export interface AppleCheckAttempt {
  /** What was asked, for the details area: "App Store Connect API, page 1" or "production, com.example.app". */
  label: string;
  /** The URL asked; it carries no secret. */
  url: string;
  /** Apple's HTTP status; null when no answer came (timeout, TLS, network). */
  status: number | null;
  works: boolean;
  problem?: AppleCheckProblem;
  /** Apple's error body (errors[].code / errorCode and their text), or the transport's error, for the details area. */
  detail?: string;
}

/** Problems where Apple's answer says nothing about the key: it was not reached, or asked to slow down. */
export const NOT_JUDGED_PROBLEMS: readonly AppleCheckProblem[] = ['rate-limited', 'timeout', 'tls', 'network', 'redirect-refused', 'too-large'];

/** What the key record keeps of its last check, and the key list shows as its health. */
export interface KeyAppleCheck {
  /** ISO 8601. */
  at: string;
  works: boolean;
  /** "works, sees 12 apps" or the failure in a few words. */
  summary: string;
}

export interface AppleCheckResult {
  works: boolean;
  /** Why it did not work, when it did not. */
  problem?: AppleCheckProblem;
  /** ISO 8601. */
  checkedAt: string;
  summary: string;
  /** What the answer means for this key, most likely cause first. */
  explanations: string[];
  /** App Store Connect API keys: the apps the key can see. */
  apps: AppleApp[];
  /** True when there were more pages of apps than the check follows. */
  moreApps: boolean;
  /** Bundle IDs of the apps seen that the key does not list yet, to offer adding them. */
  bundleIdsToAdd: string[];
  attempts: AppleCheckAttempt[];
  /** The key with this check stored on it. */
  key: KeySummary;
}

/** "Checked with Apple on 2026-12-04: works, sees 12 apps". */
export function describeAppleCheck(check: KeyAppleCheck): string {
  return `Checked with Apple on ${check.at.slice(0, 10)}: ${check.summary}`;
}
