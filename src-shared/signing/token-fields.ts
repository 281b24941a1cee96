import { AppError } from '../errors';
import type { TokenTemplate } from './token-request';

/** Request fields that only some tokens take; anywhere else they would be dropped, so they are refused. */
export const TEMPLATE_ONLY_FIELDS = ['scope', 'bundleId', 'environment'] as const;
export type TemplateOnlyField = (typeof TEMPLATE_ONLY_FIELDS)[number];

// Apple (apple-signing.md): scope belongs to App Store Connect API tokens; bid, and the sandbox/production hosts,
// to App Store Server API tokens.
const FIELD_RULES: Record<TemplateOnlyField, { templates: readonly TokenTemplate[]; reason: string }> = {
  scope: {
    templates: ['asc-team', 'asc-individual'],
    reason: 'only App Store Connect API tokens are limited by a scope; an App Store Server API token takes none',
  },
  bundleId: {
    templates: ['app-store-server'],
    reason: 'only App Store Server API tokens name an app (bid); an App Store Connect API token carries no bundle ID',
  },
  environment: {
    templates: ['app-store-server'],
    reason: 'only the App Store Server API has a sandbox and a production host',
  },
};

const TEMPLATE_LABELS: Record<TokenTemplate, string> = {
  'asc-team': 'an App Store Connect API token',
  'asc-individual': 'an App Store Connect API token (individual key)',
  'app-store-server': 'an App Store Server API token',
};

/** True when a token of this template takes the field. */
export function fieldAppliesTo(field: TemplateOnlyField, template: TokenTemplate): boolean {
  return FIELD_RULES[field].templates.includes(template);
}

/** Says that `name` (the field as the user knows it: `--bid`, `bundleId`) does not apply to this token, and why. */
export function fieldNotForTemplateMessage(field: TemplateOnlyField, template: TokenTemplate, name: string = field): string {
  return `${name} does not apply to ${TEMPLATE_LABELS[template]}: ${FIELD_RULES[field].reason}. Leave ${name} out.`;
}

/**
 * Throws BAD_REQUEST naming the first given field that this token does not take, rather than dropping it.
 * `nameOf` gives the field's name as the caller's user knows it (a command-line option, a request field).
 */
export function refuseFieldsNotForTemplate(
  template: TokenTemplate,
  given: Partial<Record<TemplateOnlyField, boolean>>,
  nameOf: (field: TemplateOnlyField) => string = (field) => field,
): void {
  const field = TEMPLATE_ONLY_FIELDS.find((candidate) => given[candidate] === true && !fieldAppliesTo(candidate, template));
  if (field === undefined) return;
  throw new AppError('BAD_REQUEST', fieldNotForTemplateMessage(field, template, nameOf(field)), { field: nameOf(field) });
}
