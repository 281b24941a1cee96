import type { z } from 'zod';
import { AppError } from '../../src-shared/errors';

/** Request fields as the command line spells them, so a refusal names the option to fix. */
const OPTION_FOR_FIELD: Record<string, string> = {
  kind: '--kind',
  keyId: '--key-id',
  issuerId: '--issuer-id',
  bundleIds: '--bundle-id',
  bundleId: '--bundle-id',
  environment: '--environment',
  name: '--name',
  notes: '--notes',
  tags: '--tag',
  allowRevoked: '--allow-revoked',
  duration: '--duration',
  inHouse: '--in-house',
  profile: '--profile',
  repository: '--repository',
  secretNames: '--secret-name',
  variableNames: '--variable-name',
  pemStyle: '--pem-style',
  fileName: '--file-name',
  metadata: '--metadata',
};

/**
 * Checks a request built from the command line with the same schema the app's IPC router applies
 * (sizes, counts, allowed values), and reports the first problem as BAD_REQUEST, as the router does.
 */
export function checkRequest<Schema extends z.ZodType>(schema: Schema, request: unknown): z.output<Schema> {
  const parsed = schema.safeParse(request);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const option = OPTION_FOR_FIELD[field] ?? 'the command line';
  const reason = (issue?.message ?? 'the request is not valid').replace(/\.$/, '');
  throw new AppError('BAD_REQUEST', `${option} is not valid: ${reason}.`);
}
