import { githubSecretNamesOf } from '../../../src-shared/exports/export-options';
import { defineExportTarget } from '../export-plan';
import { shellQuote } from '../shell-quote';
import { field, issuerIdOf, keyIn, p8File, textFile } from './target-parts';

export const githubScriptFileName = (keyId: string) => `github-secrets-${keyId}.sh`;

/**
 * GitHub Actions: a `gh secret set` script for three repository secrets. The script holds no key: it
 * pipes the .p8 written beside it into gh, so the secret is the raw PEM, line ends included.
 */
export const githubActionsTarget = defineExportTarget({
  id: 'github-actions',
  layout: ({ keys, options, folder }) => {
    const key = keyIn(keys, 'apiKey');
    const names = githubSecretNamesOf(options.secretNames);
    const keyFile = p8File('apiKey', key, `Read by the script as the value of ${names.privateKey}.`);
    const script = textFile(githubScriptFileName(key.keyId), 'Sets the three secrets with the GitHub CLI (gh).', false);
    const where = options.repository === undefined ? 'the repository of the folder you run it in' : options.repository;
    return {
      files: [keyFile, script],
      fields: [
        field.issuerId(names.issuerId, key),
        field.keyId(names.keyId, key),
        field.privateKey(names.privateKey, 'apiKey', { file: keyFile.name }),
      ],
      checklist: [
        'Install the GitHub CLI and sign in: gh auth login.',
        `Run the script from a clone of the repository; it sets ${names.issuerId}, ${names.keyId} and ${names.privateKey} on ${where}.`,
        `Or add them by hand in the repository’s Settings → Secrets and variables → Actions; ${names.privateKey} is the whole text of ${keyFile.name}.`,
        `In a workflow, read them as \${{ secrets.${names.privateKey} }} and so on.`,
        `Delete ${keyFile.name} and the script once the secrets are set, if you keep no other use for them.`,
      ],
      commands: [{ label: 'Set the secrets', line: `sh ${shellQuote(folder.pathOf(script.name))}` }],
      notices: [],
    };
  },
  composeTexts: ({ keys, options }) => {
    const key = keyIn(keys, 'apiKey');
    const names = githubSecretNamesOf(options.secretNames);
    const repo = options.repository === undefined ? '' : ` --repo ${shellQuote(options.repository)}`;
    const lines = [
      '#!/bin/sh',
      `# Stores the App Store Connect API key ${key.keyId} as GitHub Actions secrets with the GitHub CLI.`,
      `# Run it from a clone of the repository after gh auth login:  sh ${githubScriptFileName(key.keyId)}`,
      'set -eu',
      `key_file="$(dirname "$0")/${p8File('apiKey', key, '').name}"`,
      `gh secret set ${names.issuerId}${repo} --body ${shellQuote(issuerIdOf(key))}`,
      `gh secret set ${names.keyId}${repo} --body ${shellQuote(key.keyId)}`,
      `gh secret set ${names.privateKey}${repo} < "$key_file"`,
      '',
    ];
    return { [githubScriptFileName(key.keyId)]: lines.join('\n') };
  },
});
