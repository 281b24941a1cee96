import { AppError } from '../../src-shared/errors';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: Buffer;
  /** `header.payload` exactly as sent: the bytes the signature covers. */
  signingInput: string;
}

// A real token is well under 2 KB; the limit keeps a wrongly pasted file out.
const MAX_TOKEN_CHARS = 64 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
// What comes along when a token is copied from a request: quotes, `Authorization:`, `Bearer`.
const PASTED_PREFIX = /^(authorization:\s*)?(bearer\s+)?/i;
const PASTED_QUOTES = /^["'`]+|["'`]+$/g;

const A_JWT = 'A JWT is three base64url parts joined by dots, like eyJhbGciOiJFUzI1NiIs….';

/** Splits and decodes a compact JWT without verifying it; throws BAD_TOKEN saying what is wrong. */
export function decodeJwt(input: string): DecodedJwt {
  if (input.length > MAX_TOKEN_CHARS) {
    throw badToken(`This text is ${input.length} characters long; a token is a few hundred. ${A_JWT}`);
  }
  const token = input.trim().replace(PASTED_QUOTES, '').trim().replace(PASTED_PREFIX, '').trim();
  if (token === '') throw badToken(`Paste a token to inspect. ${A_JWT}`);

  const parts = token.split('.');
  if (parts.length === 5) throw badToken('This is an encrypted token (JWE, five parts); Apple’s tokens are signed, not encrypted.');
  if (parts.length !== 3) throw badToken(`This text has ${parts.length} part${parts.length === 1 ? '' : 's'} separated by dots. ${A_JWT}`);
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;

  for (const [name, part] of [['header', headerPart], ['payload', payloadPart], ['signature', signaturePart]] as const) {
    if (BASE64URL.test(part)) continue;
    if (/[+/=]/.test(part) && BASE64URL.test(part.replace(/[+/=]/g, ''))) {
      throw badToken(`The ${name} uses standard base64 (+, / or =); a JWT uses base64url without padding.`);
    }
    throw badToken(`The ${name} has characters that base64url does not use, such as spaces or line breaks. ${A_JWT}`);
  }
  return {
    header: decodeJsonObject('header', headerPart),
    payload: decodeJsonObject('payload', payloadPart),
    signature: Buffer.from(signaturePart, 'base64url'),
    signingInput: `${headerPart}.${payloadPart}`,
  };
}

function decodeJsonObject(name: 'header' | 'payload', part: string): Record<string, unknown> {
  if (part === '') throw badToken(`The ${name} is empty. ${A_JWT}`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw badToken(`The ${name} does not decode to JSON. ${A_JWT}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badToken(`The ${name} decodes to JSON, but not to an object.`);
  }
  return value as Record<string, unknown>;
}

function badToken(message: string): AppError {
  return new AppError('BAD_TOKEN', message);
}
