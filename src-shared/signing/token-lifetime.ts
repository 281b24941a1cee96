import { AppError } from '../errors';
import {
  ASC_DEFAULT_LIFETIME_SECONDS,
  ASC_LONG_LIVED_MAX_SECONDS,
  ASC_MAX_LIFETIME_SECONDS,
  LONG_LIVED_RESOURCES,
  MAX_BACKDATE_SECONDS,
  SERVER_DEFAULT_LIFETIME_SECONDS,
  SERVER_MAX_LIFETIME_SECONDS,
  SERVER_WARN_LIFETIME_SECONDS,
} from './apple-token-rules';
import { findLongLivedScopeProblem } from './scope';
import type { TokenTemplate } from './token-request';

export interface ResolvedLifetime {
  /** `exp - iat` in seconds. */
  ttlSeconds: number;
  warnings: string[];
}

// A clock a few seconds fast makes a token of the full 20 minutes look longer to Apple.
const ASC_WARN_LIFETIME_SECONDS = ASC_MAX_LIFETIME_SECONDS - 60;

/** The template's default lifetime, in seconds. */
export function defaultLifetimeSeconds(template: TokenTemplate): number {
  return template === 'app-store-server' ? SERVER_DEFAULT_LIFETIME_SECONDS : ASC_DEFAULT_LIFETIME_SECONDS;
}

/** The longest lifetime Apple accepts for this template and scope, in seconds. */
export function maxLifetimeSeconds(template: TokenTemplate, scope?: readonly string[]): number {
  if (template === 'app-store-server') return SERVER_MAX_LIFETIME_SECONDS;
  return findLongLivedScopeProblem(scope) === undefined ? ASC_LONG_LIVED_MAX_SECONDS : ASC_MAX_LIFETIME_SECONDS;
}

/**
 * Settles a token's lifetime: the default when none is asked for, otherwise the one asked for if Apple accepts it.
 * Throws BAD_LIFETIME (not a whole positive number) or LIFETIME_TOO_LONG (over Apple's limit, saying which).
 */
export function resolveTokenLifetime(
  template: TokenTemplate,
  ttlSeconds: number | undefined,
  scope?: readonly string[],
): ResolvedLifetime {
  if (ttlSeconds === undefined) return { ttlSeconds: defaultLifetimeSeconds(template), warnings: [] };
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new AppError('BAD_LIFETIME', 'The token lifetime must be a whole number of seconds, at least 1.');
  }
  return template === 'app-store-server'
    ? resolveServerLifetime(ttlSeconds)
    : resolveAppStoreConnectLifetime(ttlSeconds, scope);
}

function resolveServerLifetime(ttlSeconds: number): ResolvedLifetime {
  if (ttlSeconds > SERVER_MAX_LIFETIME_SECONDS) {
    throw tooLong(
      `App Store Server API tokens may live at most 60 minutes; this one would live ${describeDuration(ttlSeconds)}.`,
      SERVER_MAX_LIFETIME_SECONDS,
    );
  }
  if (ttlSeconds > SERVER_WARN_LIFETIME_SECONDS) {
    return {
      ttlSeconds,
      warnings: [
        `Apple's limit is 60 minutes, but tokens this close to it (${describeDuration(ttlSeconds)}) have been rejected ` +
          'when the computer clock runs a little fast. 55 minutes or less is safer.',
      ],
    };
  }
  return { ttlSeconds, warnings: [] };
}

function resolveAppStoreConnectLifetime(ttlSeconds: number, scope: readonly string[] | undefined): ResolvedLifetime {
  if (ttlSeconds <= ASC_MAX_LIFETIME_SECONDS) {
    const warnings =
      ttlSeconds > ASC_WARN_LIFETIME_SECONDS
        ? [
            `Apple's limit is 20 minutes; a token of ${describeDuration(ttlSeconds)} is rejected when the computer ` +
              'clock runs a little fast. 19 minutes or less is safer.',
          ]
        : [];
    return { ttlSeconds, warnings };
  }
  const problem = findLongLivedScopeProblem(scope);
  if (problem !== undefined) {
    throw tooLong(
      `App Store Connect API tokens may live at most 20 minutes; this one would live ${describeDuration(ttlSeconds)}. ` +
        'A longer lifetime (up to 180 days) needs a scope listing only GET requests for the resources Apple allows ' +
        `(${LONG_LIVED_RESOURCES.map((resource) => resource.name).join(', ')}), but ${problem}.`,
      ASC_MAX_LIFETIME_SECONDS,
    );
  }
  if (ttlSeconds > ASC_LONG_LIVED_MAX_SECONDS) {
    throw tooLong(
      `Even with a long-lived scope, App Store Connect API tokens may live at most 180 days (Apple: 6 months); ` +
        `this one would live ${describeDuration(ttlSeconds)}.`,
      ASC_LONG_LIVED_MAX_SECONDS,
    );
  }
  return { ttlSeconds, warnings: [] };
}

/** Settles how far `iat` is set back from now: 0 by default, at most 60 seconds; throws BAD_BACKDATE otherwise. */
export function resolveBackdate(backdateSeconds: number | undefined): number {
  if (backdateSeconds === undefined) return 0;
  if (!Number.isSafeInteger(backdateSeconds) || backdateSeconds < 0 || backdateSeconds > MAX_BACKDATE_SECONDS) {
    throw new AppError(
      'BAD_BACKDATE',
      `Set the issue time back by a whole number of seconds from 0 to ${MAX_BACKDATE_SECONDS}. ` +
        'A few seconds are enough to absorb a computer clock that runs fast.',
      { maxSeconds: MAX_BACKDATE_SECONDS },
    );
  }
  return backdateSeconds;
}

/**
 * The lifetime as typed on the Sign screen, in minutes (fractions allowed), as whole seconds that Apple accepts for
 * this template and scope; undefined (the default) when blank. Throws as `resolveTokenLifetime` does, and BAD_LIFETIME
 * for text that is not a number of minutes.
 */
export function lifetimeSecondsFromMinutes(template: TokenTemplate, text: string, scope?: readonly string[]): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d+(?:\.\d+)?$/.test(trimmed)) {
    throw new AppError('BAD_LIFETIME', 'Type the lifetime as a number of minutes, like 15 (0.5 is 30 seconds).');
  }
  const ttlSeconds = Math.round(Number(trimmed) * 60);
  resolveTokenLifetime(template, ttlSeconds, scope);
  return ttlSeconds;
}

/** The backdate as typed on the Sign screen, in whole seconds; 0 when blank. Throws as `resolveBackdate` does. */
export function backdateSecondsFromText(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  return resolveBackdate(/^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN);
}

/** "20 minutes", "1 hour 5 minutes", "180 days", "45 seconds". */
export function describeDuration(totalSeconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.floor(totalSeconds));
  for (const [size, name] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 && parts.length < 2) parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
  }
  return parts.length === 0 ? '0 seconds' : parts.join(' ');
}

function tooLong(message: string, maxSeconds: number): AppError {
  return new AppError('LIFETIME_TOO_LONG', message, { maxSeconds });
}
