import { AppError } from '../errors';
import { trimPasted } from '../keys/identifiers';
import { LONG_LIVED_RESOURCES, type LongLivedResource } from './apple-token-rules';

/** One entry of an App Store Connect API token's `scope`, e.g. `GET /v1/apps?filter[platform]=IOS`. */
export interface ScopeEntry {
  method: ScopeMethod;
  /** Starts with `/v1/` (or `/v2/`, …). */
  path: string;
  /** Without the `?`; empty when there is none. */
  query: string;
}

// The HTTP methods the App Store Connect API uses.
export const SCOPE_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
export type ScopeMethod = (typeof SCOPE_METHODS)[number];

const SCOPE_SHAPE = 'A scope entry is a method, a space and a path, like GET /v1/apps?filter[platform]=IOS.';
const METHOD_AND_TARGET = /^(\S+)\s+(\S+)$/;
const VERSIONED_PATH = /^\/v[1-9][0-9]*\/./;
// RFC 3986 path characters; `{` `}` are left out so a copied `{id}` placeholder is caught.
const PATH = /^(\/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)+$/;

/** Reads one scope entry, or throws BAD_SCOPE saying what is wrong with it. */
export function parseScopeEntry(input: string): ScopeEntry {
  const entry = trimPasted(input);
  const refuse = (problem: string) => new AppError('BAD_SCOPE', `${problem} ${SCOPE_SHAPE}`, { entry });
  if (entry === '') throw refuse('A scope entry is empty.');

  const match = METHOD_AND_TARGET.exec(entry);
  if (match === null) {
    if (!/\s/.test(entry)) throw refuse(`The scope entry "${entry}" has no method or no path.`);
    throw refuse(`The scope entry "${entry}" has a space inside its path; write a space in a URL as %20.`);
  }
  const [, rawMethod = '', target = ''] = match;
  const method = rawMethod.toUpperCase();
  if (!isScopeMethod(method)) {
    throw refuse(`"${rawMethod}" in the scope entry "${entry}" is not one of the methods ${SCOPE_METHODS.join(', ')}.`);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw refuse(`Leave the host out of the scope entry "${entry}": write only the path, starting with /v1/.`);
  }
  if (target.includes('#')) throw refuse(`The scope entry "${entry}" has a # fragment, which a request never sends.`);

  const questionMark = target.indexOf('?');
  const path = questionMark === -1 ? target : target.slice(0, questionMark);
  const query = questionMark === -1 ? '' : target.slice(questionMark + 1);
  if (!VERSIONED_PATH.test(path)) {
    throw refuse(`The path in the scope entry "${entry}" must start with the API version, like /v1/.`);
  }
  if (/[{}]/.test(path)) {
    throw refuse(`The scope entry "${entry}" still has a placeholder in braces; put the real ID in its place.`);
  }
  if (!PATH.test(path)) {
    throw refuse(`The path in the scope entry "${entry}" has an empty part (// or a trailing /) or characters a URL path cannot have.`);
  }
  return { method, path, query };
}

/** Writes an entry in the form that goes into the token: upper-case method, one space, no empty `?`. */
export function formatScopeEntry({ method, path, query }: ScopeEntry): string {
  return query === '' ? `${method} ${path}` : `${method} ${path}?${query}`;
}

/** Checks and tidies every entry; returns undefined for no scope (an absent or empty list), dropping repeats. */
export function normalizeScope(entries: readonly string[] | undefined): string[] | undefined {
  if (entries === undefined || entries.length === 0) return undefined;
  return [...new Set(entries.map((entry) => formatScopeEntry(parseScopeEntry(entry))))];
}

/**
 * The resource a path reads: the last resource name in it (IDs and the `relationships` keyword skipped),
 * e.g. `testResults` for `/v1/ciBuildActions/{id}/relationships/testResults`.
 */
export function resourceNameOfPath(path: string): string {
  const segments = path.split('/').slice(2).filter((segment) => segment !== 'relationships');
  const names = segments.filter((_, index) => index % 2 === 0);
  return names[names.length - 1] ?? '';
}

/** The long-lived resource a scope path reads, if Apple lets long-lived tokens read it. */
export function findLongLivedResource(path: string): LongLivedResource | undefined {
  const name = resourceNameOfPath(path);
  return LONG_LIVED_RESOURCES.find((resource) => resource.pathSegments.includes(name));
}

/**
 * Why a scope does not allow a token longer than 20 minutes, or undefined when it does. Apple: the scope must list
 * only GET requests, each for a resource on its long-lived list.
 */
export function findLongLivedScopeProblem(entries: readonly string[] | undefined): string | undefined {
  if (entries === undefined || entries.length === 0) return 'the token has no scope';
  for (const text of entries) {
    const entry = tryParseScopeEntry(text);
    if (entry === undefined) return `"${text}" is not a valid scope entry`;
    const shown = formatScopeEntry(entry);
    if (entry.method !== 'GET') return `"${shown}" is a ${entry.method} request, and long-lived tokens may only read (GET)`;
    if (findLongLivedResource(entry.path) === undefined) {
      return `"${shown}" reads ${resourceNameOfPath(entry.path)}, which is not on Apple's list of resources for long-lived tokens`;
    }
  }
  return undefined;
}

function tryParseScopeEntry(text: string): ScopeEntry | undefined {
  try {
    return parseScopeEntry(text);
  } catch (error) {
    if (error instanceof AppError) return undefined;
    throw error;
  }
}

function isScopeMethod(method: string): method is ScopeMethod {
  return (SCOPE_METHODS as readonly string[]).includes(method);
}
