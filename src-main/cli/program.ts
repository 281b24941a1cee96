import path from 'node:path';
import { Argument, Command, Option, type CommandOptions } from 'commander';
import { BUNDLE_METADATA_FIELDS, type BundleMetadataField } from '../../src-shared/exports/bundle';
import { DOTENV_PEM_STYLES, FASTLANE_DEFAULT_DURATION_SECONDS, FASTLANE_DURATION_LIMIT_REASON, FASTLANE_MAX_DURATION_SECONDS } from '../../src-shared/exports/export-options';
import { EXPORT_TARGET_IDS } from '../../src-shared/exports/export-targets';
import { KEY_KINDS, type KeyKind } from '../../src-shared/keys/key-kind';
import { KEY_ENVIRONMENTS, type KeyEnvironment, type KeyUpdate } from '../../src-shared/keys/key-record';
import { MAX_USED_IN_ENTRIES, MAX_USED_IN_LABEL } from '../../src-shared/keys/used-in';
import { RESTORE_MODES, type RestoreMode } from '../../src-shared/vault/backup';
import { version } from '../../package.json';
import { backupVault, restoreVault } from './backup-commands';
import { exportBundle, importBundle, showIdentity } from './bundle-commands';
import { optionsOf } from './command-line-hints';
import { changePassphrase, deleteKey, initVault, listEvents, listKeys, revokeKey, showKey, unrevokeKey, updateKey, vaultStatus } from './commands';
import { COMPLETION_SHELLS, completionScript, type CompletionShell } from './completion';
import { defaultVaultPath } from './default-vault-path';
import { OutputWritten } from './exit-codes';
import { UsageError } from './usage-error';
import { MIN_ENTRY_ID_PREFIX } from './resolve-used-in-entry';
import { addUsedIn, listUsedIn, removeUsedIn, renameUsedIn } from './used-in-commands';
import { exportKey, type ExportFlags } from './export-commands';
import { installGitHook, scanFolders, scanStaged } from './git-commands';
import { addHelpExamples } from './help-examples';
import { importKeys } from './import-commands';
import { bundleMetadata, collect, exportName, integerFrom } from './option-parsers';
import { checkKey } from './check-command';
import { nodeAppleFetch } from './node-apple-fetch';
import { finishReplacement, replacementStatus, startReplacement, stopReplacement, tickReplacementPlaces, useReplacementKey } from './replace-commands';
import { issueToken, signOffer, type OfferOptions, type TokenOptions } from './signing-commands';
import { OFFER_KINDS } from '../../src-shared/signing/offer-request';
import { TOKEN_TEMPLATES } from '../../src-shared/signing/token-request';
import { outputWidth, writeOutput, type CommandOutput } from './output';
import {
  BACKUP_PASSPHRASE_ENV,
  BUNDLE_PASSPHRASE_ENV,
  NEW_PASSPHRASE_ENV,
  NEW_VAULT_PASSPHRASE,
  PASSPHRASE_ENV,
  preparePassphrase,
  readPassphrase,
  type PassphraseSources,
} from './passphrase-sources';
import type { VaultTarget } from './vault-session';

export const VAULT_PATH_ENV = 'ASC_VAULT_PATH';
// The app's activity page size limit (vault.events channel).
const MAX_EVENTS_PAGE = 200;

export interface CliIo {
  stdin: NodeJS.ReadStream;
  /** `isTTY` and `columns` when stdout is a terminal, as on process.stdout. */
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

interface CommonOptions {
  vault: string;
  passphraseFile?: string;
  json?: boolean;
  allowOlder?: boolean;
}

const EXIT_CODES_HELP = `
Exit codes:
  0  success                      4  invalid input (error CODE: message on stderr)
  1  unexpected failure, or the   5  vault, backup or bundle file damaged, not
     vault is open in the app        one, or too new
  2  usage error                  6  vault or key not found
  3  wrong passphrase (vault,     7  the vault file is older than the one last
     backup or bundle)               opened on this computer (see --allow-older)
  8  check: Apple refused the key 9  check: Apple not reached; key not judged
                                 10  scan found private keys
                                130  passphrase prompt cancelled`;

const KEY_ARGUMENT = ['<key>', 'the key: its record id, its Key ID, or its name if no other key has it'] as const;

const ENTRY_ARGUMENT = ['<entry>', `the place: its id, its label (any case), or the start of its id (at least ${MIN_ENTRY_ID_PREFIX} characters), as \`used-in KEY\` shows it`] as const;

const LABEL_REFUSAL = `  2  BAD_REQUEST: an empty label, one over ${MAX_USED_IN_LABEL} characters, or a key already listing ${MAX_USED_IN_ENTRIES} places`;
const ENTRY_REFUSALS = ['  2  error: an ENTRY that several places match (they are listed)', '  6  NOT_FOUND: an unknown key, or an ENTRY no place added by hand matches'];
const refusalsHelp = (...lines: string[]) => `\nRefusals change nothing:\n${lines.join('\n')}`;

const USED_IN_HELP = `
\`used-in KEY\` is \`used-in list KEY\`; for a key named like a subcommand, write \`used-in list\`.
ENTRY names a place added by hand: its id, else its label (any case), else the start of its id
(at least ${MIN_ENTRY_ID_PREFIX} characters), tried in that order. Exports are listed, not changed: the vault
records them as it writes them. Every change goes into the activity log as the command line's.

--json documents (Key and UsedIn as in \`show --json\`; UsedIn is
{ "type", "id", "label", "target", "destination", "at" }):
  list     { "key": { "id", "keyId", "name" }, "usedIn": [UsedIn] }
  add      { "key": Key, "entry": UsedIn }
  rename   { "key": Key, "entry": UsedIn, "changed" }
  remove   { "key": Key, "removed": UsedIn }
${refusalsHelp(LABEL_REFUSAL, ...ENTRY_REFUSALS)}`;

/** The command line: commander parses and checks arguments; each action hands over to commands.ts. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('asc-key-vault')
    .description(
      'Manage the App Store Connect keys (.p8) in the ASC Key Vault desktop app’s vault, for scripts and CI.\n' +
        `Passphrase: --passphrase-file PATH, or ${PASSPHRASE_ENV}, or a prompt when stdin is a terminal.`,
    )
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .version(version, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);

  const run = (options: CommonOptions, produce: (target: VaultTarget) => Promise<CommandOutput>) =>
    runCommand(io, options, produce);

  vaultCommand(program, 'init', 'create a new, empty vault (asks for the new passphrase twice on a terminal)').action((options: CommonOptions) =>
    run(options, (target) => initVault(target)),
  );

  vaultCommand(program, 'status', 'say where the vault is and whether it exists; with --unlock, check the passphrase and count the keys')
    .option('--unlock', 'unlock the vault to check the passphrase and count the keys')
    .action((options: CommonOptions & { unlock?: boolean }) => run(options, (target) => vaultStatus(target, options.unlock === true)));

  vaultCommand(program, 'import', 'import .p8 key files, with the same checks as the app; several files or a folder in one unlock')
    .argument('<files...>', 'the .p8 files (SubscriptionKey_<KEYID>.p8 or AuthKey_<KEYID>.p8 as downloaded), or folders whose .p8 files to import')
    .addOption(new Option('--kind <kind>', 'the kind of key (default: from the file name)').choices(KEY_KINDS))
    .option('--key-id <id>', 'the Key ID (default: from the file name, which it must match); one file only')
    .option('--issuer-id <uuid>', 'the Issuer ID (required for in-app-purchase and asc-team keys)')
    .option('--bundle-id <id>', 'a bundle ID the key is used for (repeat for several)', collect)
    .option('--name <name>', 'a name for the key (default: its kind and Key ID); one file only')
    .option('--notes <text>', 'notes')
    .option('--tag <tag>', 'a tag (repeat for several)', collect)
    .addOption(new Option('--environment <environment>', 'where you use the key, a reminder for you (default: not set)').choices(KEY_ENVIRONMENTS))
    .action(
      (
        files: string[],
        options: CommonOptions & { kind?: KeyKind; keyId?: string; issuerId?: string; bundleId?: string[]; name?: string; notes?: string; tag?: string[]; environment?: KeyEnvironment },
        command: Command,
      ) =>
        run(options, (target) =>
          importKeys(
            target,
            files,
            {
              kind: options.kind,
              keyId: options.keyId,
              issuerId: options.issuerId,
              bundleIds: options.bundleId ?? [],
              name: options.name,
              notes: options.notes,
              tags: options.tag ?? [],
              environment: options.environment,
            },
            optionsOf(command),
          ),
        ),
    );

  vaultCommand(program, 'list', 'list the keys, active before revoked, by name; one line each, fitted to the terminal')
    .option('--query <text>', 'only keys whose name, IDs, bundle IDs, tags or notes contain every word of it', '')
    .action((options: CommonOptions & { query: string }) => run(options, (target) => listKeys(target, options.query, outputWidth(io.stdout, io.env))));

  vaultCommand(program, 'show', 'show one key: names, IDs, fingerprint and public key (never the private key)')
    .argument(...KEY_ARGUMENT)
    .action((key: string, options: CommonOptions) => run(options, (target) => showKey(target, key)));

  vaultCommand(program, 'update', 'change a key’s name, notes, tags, bundle IDs, Issuer ID or environment')
    .argument(...KEY_ARGUMENT)
    .option('--name <name>', 'the new name ("" restores the default name)')
    .option('--notes <text>', 'the new notes ("" clears them)')
    .option('--tag <tag>', 'replace the tags with these (repeat for several)', collect)
    .addOption(new Option('--clear-tags', 'remove every tag').conflicts('tag'))
    .option('--bundle-id <id>', 'replace the bundle IDs with these (repeat for several)', collect)
    .addOption(new Option('--clear-bundle-ids', 'remove every bundle ID').conflicts('bundleId'))
    .option('--issuer-id <uuid>', 'the new Issuer ID')
    .addOption(new Option('--environment <environment>', 'where you use the key, a reminder for you').choices(KEY_ENVIRONMENTS))
    .addOption(new Option('--clear-environment', 'remove the environment').conflicts('environment'))
    .action(
      (
        key: string,
        options: CommonOptions & {
          name?: string;
          notes?: string;
          tag?: string[];
          clearTags?: boolean;
          bundleId?: string[];
          clearBundleIds?: boolean;
          issuerId?: string;
          environment?: KeyEnvironment;
          clearEnvironment?: boolean;
        },
      ) => {
        const update: KeyUpdate = {};
        if (options.name !== undefined) update.name = options.name;
        if (options.notes !== undefined) update.notes = options.notes;
        if (options.tag !== undefined || options.clearTags) update.tags = options.tag ?? [];
        if (options.bundleId !== undefined || options.clearBundleIds) update.bundleIds = options.bundleId ?? [];
        if (options.issuerId !== undefined) update.issuerId = options.issuerId;
        if (options.environment !== undefined || options.clearEnvironment) update.environment = options.environment ?? null;
        return run(options, (target) => updateKey(target, key, update));
      },
    );

  vaultCommand(program, 'revoke', 'mark a key as revoked in App Store Connect; it stays in the vault for reference')
    .argument(...KEY_ARGUMENT)
    .action((key: string, options: CommonOptions) => run(options, (target) => revokeKey(target, key)));

  vaultCommand(program, 'unrevoke', 'mark a revoked key as active again')
    .argument(...KEY_ARGUMENT)
    .action((key: string, options: CommonOptions) => run(options, (target) => unrevokeKey(target, key)));

  const replace = program
    .command('replace')
    .description('replace a key, as the app guides it: a new key of the same kind, brought to every place the old one is used, then the old one revoked');
  vaultCommand(replace, 'start', 'start replacing a key; its places come from where it is used (exports and places added by hand)')
    .argument(...KEY_ARGUMENT)
    .action((key: string, options: CommonOptions) => run(options, (target) => startReplacement(target, key)));
  vaultCommand(replace, 'status', 'show the replacement: the new key, each place numbered and ticked or not, what is next')
    .argument(...KEY_ARGUMENT)
    .action((key: string, options: CommonOptions) => run(options, (target) => replacementStatus(target, key)));
  vaultCommand(replace, 'use', 'choose the new key (import it first): same kind, same account, not revoked')
    .argument(...KEY_ARGUMENT)
    .argument('<new-key>', 'the new key: its record id, Key ID or name')
    .action((key: string, newKey: string, options: CommonOptions) => run(options, (target) => useReplacementKey(target, key, newKey)));
  vaultCommand(replace, 'tick', 'tick places off once the new key is there (exporting the new key to the same target ticks it off too)')
    .argument(...KEY_ARGUMENT)
    .argument('<places...>', 'the places’ numbers, as `replace status` shows them')
    .option('--undo', 'untick them instead')
    .action((key: string, places: string[], options: CommonOptions & { undo?: boolean }) => run(options, (target) => tickReplacementPlaces(target, key, places, options.undo !== true)));
  vaultCommand(replace, 'finish', 'once every place is ticked off and the old key is revoked in App Store Connect: mark it revoked here and end the job')
    .argument(...KEY_ARGUMENT)
    .action((key: string, options: CommonOptions) => run(options, (target) => finishReplacement(target, key)));
  vaultCommand(replace, 'stop', 'stop replacing; a new key already added stays in the vault')
    .argument(...KEY_ARGUMENT)
    .action((key: string, options: CommonOptions) => run(options, (target) => stopReplacement(target, key)));

  vaultCommand(program, 'delete', 'delete a key for good; Apple lets you download a key only once')
    .argument(...KEY_ARGUMENT)
    .requiredOption('--confirm <keyid>', 'the key’s Key ID, typed again to confirm')
    .action((key: string, options: CommonOptions & { confirm: string }) => run(options, (target) => deleteKey(target, key, options.confirm)));

  vaultCommand(program, 'passphrase', 'change the vault’s passphrase; every record is re-encrypted under a new vault key')
    .option('--new-passphrase-file <path>', `read the new passphrase from this file (${NEW_PASSPHRASE_ENV} also works; on a terminal it is asked twice)`)
    .action((options: CommonOptions & { newPassphraseFile?: string }) =>
      run(options, (target) =>
        changePassphrase(target, preparePassphrase(NEW_VAULT_PASSPHRASE, 'create', { ...(options.newPassphraseFile === undefined ? {} : { passphraseFile: options.newPassphraseFile }), env: io.env, stdin: io.stdin, stderr: io.stderr })),
      ),
    );

  vaultCommand(program, 'events', 'show the activity log, newest first')
    .option('--limit <n>', `how many entries (1 to ${MAX_EVENTS_PAGE})`, integerFrom(1, MAX_EVENTS_PAGE), 50)
    .option('--offset <n>', 'how many of the newest entries to skip', integerFrom(0, Number.MAX_SAFE_INTEGER), 0)
    .action((options: CommonOptions & { limit: number; offset: number }) => run(options, (target) => listEvents(target, options)));

  vaultCommand(program, 'token', 'issue a test JWT for an Apple API with a key (prints the token; --json adds claims and a curl line)')
    .argument(...KEY_ARGUMENT)
    .addOption(new Option('--template <template>', 'which token (default: the one the key’s kind signs)').choices(TOKEN_TEMPLATES))
    .option('--ttl <seconds>', 'lifetime in seconds (App Store Connect: at most 1200; App Store Server: at most 3600)', integerFrom(1, 180 * 86_400))
    .option('--backdate <seconds>', 'set iat back by this many seconds (0 to 60) for a server whose clock is behind', integerFrom(0, 60))
    .option('--bid <bundleId>', 'the app’s bundle ID (App Store Server tokens only; default: the key’s bundle ID when it has exactly one)')
    .option('--scope <entry>', 'limit an App Store Connect token, e.g. "GET /v1/apps" (repeat for several; App Store Connect tokens only)', collect)
    .option('--production', 'put the production App Store Server host in the curl line (default: sandbox; App Store Server tokens only)')
    .action((key: string, options: CommonOptions & TokenOptions) => run(options, (target) => issueToken(target, key, options)));

  vaultCommand(program, 'offer', 'sign a StoreKit offer or request with an In-App Purchase key')
    .argument(...KEY_ARGUMENT)
    .addOption(new Option('--type <type>', 'the signature').choices(OFFER_KINDS).makeOptionMandatory())
    .option('--bid <bundleId>', 'the app’s bundle ID (default: the key’s bundle ID when it has exactly one)')
    .option('--product <id>', 'the product ID (legacy, promo-v2, intro-eligibility)')
    .option('--offer <id>', 'the offer identifier (legacy, promo-v2)')
    .option('--app-account-token <uuid>', 'the app account token (legacy, optional)')
    .option('--nonce <uuid>', 'the nonce to sign, signed in lower case (legacy, optional; default: a fresh UUID)')
    .option('--transaction-id <id>', 'the transaction ID (intro-eligibility; optional for promo-v2)')
    .option('--no-allow-intro', 'refuse the introductory offer (intro-eligibility; default: allow)')
    .option('--request-file <path>', 'the Advanced Commerce request as a JSON file (advanced-commerce)')
    .action((key: string, options: CommonOptions & OfferOptions) => run(options, (target) => signOffer(target, key, options)));

  vaultCommand(program, 'export', 'write a key’s files for a service or CI tool and print what to paste where (the private key goes only into the files)')
    .argument(...KEY_ARGUMENT)
    .addOption(new Option('--to <target>', 'where the key goes').choices(EXPORT_TARGET_IDS).makeOptionMandatory())
    .option('--out <folder>', 'the folder to write into; it must exist (altool: default ~/.appstoreconnect/private_keys, made if missing)')
    .option('--with <key>', 'the second key of a two-key target: qonversion and superwall need both kinds; revenuecat takes an optional API key')
    .option('--overwrite', 'replace files already in the folder (default: refuse with FILE_EXISTS and write nothing)')
    .option('--allow-revoked', 'export a key marked as revoked (default: refuse with KEY_REVOKED)')
    .option('--bundle-id <id>', 'adapty: the app’s Bundle ID (default: the key’s first)')
    .option(
      '--duration <seconds>',
      `fastlane: token duration in seconds, 1 to ${FASTLANE_MAX_DURATION_SECONDS} (default ${FASTLANE_DEFAULT_DURATION_SECONDS}, fastlane’s own): fastlane signs from 60 s before now to duration s after it, and Apple allows 20 minutes`,
      integerFrom(1, FASTLANE_MAX_DURATION_SECONDS, FASTLANE_DURATION_LIMIT_REASON),
    )
    .option('--in-house', 'fastlane: the team is in the Apple Developer Enterprise Program')
    .option('--profile <name>', 'expo-eas: the eas.json submit profile (default production)')
    .option('--repository <owner/name>', 'github-actions: the repository (default: the one gh finds where the script runs)')
    .option('--secret-name <field=name>', 'github-actions: a secret’s name; FIELD is keyId, issuerId or privateKey (repeat for several)', exportName)
    .addOption(new Option('--pem-style <style>', 'dotenv: the private key as a quoted multi-line PEM or as base64 (default multiline)').choices(DOTENV_PEM_STYLES))
    .option('--file-name <name>', 'dotenv: the file’s name (default .env)')
    .option('--variable-name <field=name>', 'dotenv: a variable’s name; FIELD is keyId, issuerId or privateKey (repeat for several)', exportName)
    .option('--private-keys-folder <folder>', 'altool: the private_keys folder (the same as --out)')
    .action((key: string, options: CommonOptions & ExportFlags) => run(options, (target) => exportKey(target, key, options)));

  vaultCommand(program, 'check', 'ask Apple whether a key works and what it sees (sends one signed token per request to Apple’s API hosts; needs --allow-network)')
    .argument(...KEY_ARGUMENT)
    .option('--allow-network', 'agree to send the request (the command line does not read the app’s setting); HTTPS_PROXY is honoured')
    .action((key: string, options: CommonOptions & { allowNetwork?: boolean }) =>
      run(options, (target) => checkKey(target, key, options.allowNetwork === true, nodeAppleFetch(io.env))),
    );

  const usedIn = program
    .command('used-in')
    .description('where a key is used: list its places and exports; add, rename and remove the places added by hand')
    .addHelpText('after', USED_IN_HELP);
  vaultCommand(usedIn, 'list', 'list where a key is used: places added by hand, with their entry ids, then exports (the default: `used-in KEY`)', { isDefault: true })
    .argument(...KEY_ARGUMENT)
    .addHelpText('after', '\n--json: { "key": { "id", "keyId", "name" }, "usedIn": [UsedIn] }, UsedIn as in `show --json`.\nExit 6 (NOT_FOUND) for an unknown key.')
    .action((key: string, options: CommonOptions) => run(options, (target) => listUsedIn(target, key)));
  vaultCommand(usedIn, 'add', 'note a place where a key is used, e.g. "Bitrise workflow"')
    .argument(...KEY_ARGUMENT)
    .argument('<label>', `where it is used: one line, at most ${MAX_USED_IN_LABEL} characters`)
    .addHelpText('after', `\n--json: { "key": Key, "entry": UsedIn } (the new place, its id in "id").${refusalsHelp(LABEL_REFUSAL, '  6  NOT_FOUND: an unknown key')}`)
    .action((key: string, label: string, options: CommonOptions) => run(options, (target) => addUsedIn(target, key, label)));
  vaultCommand(usedIn, 'rename', 'change the label of a place added by hand')
    .argument(...KEY_ARGUMENT)
    .argument(...ENTRY_ARGUMENT)
    .argument('<label>', `the new label: one line, at most ${MAX_USED_IN_LABEL} characters`)
    .addHelpText('after', `\n--json: { "key": Key, "entry": UsedIn, "changed" } ("changed" false when the label was already that).${refusalsHelp(LABEL_REFUSAL, ...ENTRY_REFUSALS)}`)
    .action((key: string, entry: string, label: string, options: CommonOptions) => run(options, (target) => renameUsedIn(target, key, entry, label)));
  vaultCommand(usedIn, 'remove', 'remove a place added by hand (exports stay: the vault records them)')
    .argument(...KEY_ARGUMENT)
    .argument(...ENTRY_ARGUMENT)
    .addHelpText('after', `\n--json: { "key": Key, "removed": UsedIn }.${refusalsHelp(...ENTRY_REFUSALS)}`)
    .action((key: string, entry: string, options: CommonOptions) => run(options, (target) => removeUsedIn(target, key, entry)));

  const bundle = program.command('bundle').description('encrypted bundles of keys for teammates (age format, own passphrase): export and import');
  vaultCommand(bundle, 'export', 'write keys to an encrypted bundle file, for a teammate to import')
    .argument('<keys...>', 'the keys: record ids, Key IDs or names')
    .requiredOption('--out <file>', 'the bundle file to write, e.g. team-keys.age (its folder must exist)')
    .option('--metadata <fields>', `what to include besides names and IDs, comma-separated from ${BUNDLE_METADATA_FIELDS.join(',')}; "" for none (default: all)`, bundleMetadata)
    .addOption(
      new Option('--generate-passphrase', 'make up a six-word passphrase and print it on stderr once the file is written (stdout stays the command’s output)').conflicts(
        'bundlePassphraseFile',
      ),
    )
    .option('--bundle-passphrase-file <path>', `read the bundle’s passphrase from this file (${BUNDLE_PASSPHRASE_ENV} also works)`)
    .addOption(
      new Option('--recipient <key>', 'encrypt to this age1… recipient or ssh-ed25519 / ssh-rsa public key line instead of a passphrase (repeat for several)')
        .argParser(collect)
        .conflicts(['generatePassphrase', 'bundlePassphraseFile']),
    )
    .option('--overwrite', 'replace the file if it exists (default: refuse with FILE_EXISTS)')
    .action(
      (
        keys: string[],
        options: CommonOptions & { out: string; metadata?: BundleMetadataField[]; generatePassphrase?: boolean; bundlePassphraseFile?: string; recipient?: string[]; overwrite?: boolean },
      ) =>
        run(options, (target) =>
          exportBundle(
            target,
            keys,
            {
              out: options.out,
              metadata: options.metadata ?? [...BUNDLE_METADATA_FIELDS],
              overwrite: options.overwrite === true,
              generatePassphrase: options.generatePassphrase === true,
              recipients: options.recipient ?? [],
            },
            passphraseSources(io, options.bundlePassphraseFile),
          ),
        ),
    );
  vaultCommand(bundle, 'import', 'import the keys of an encrypted bundle the vault lacks, all or nothing')
    .argument('<file>', 'the bundle file (.age)')
    .option('--preview', 'show what the bundle holds and what an import would do, importing nothing')
    .option('--bundle-passphrase-file <path>', `read the bundle’s passphrase from this file (${BUNDLE_PASSPHRASE_ENV} also works; not needed for a bundle encrypted to this vault’s age recipient)`)
    .action((file: string, options: CommonOptions & { preview?: boolean; bundlePassphraseFile?: string }) =>
      run(options, (target) => importBundle(target, file, options.preview === true, passphraseSources(io, options.bundlePassphraseFile))),
    );

  vaultCommand(program, 'identity', 'print this vault’s age recipient (age1…): bundles encrypted to it import without a passphrase')
    .action((options: CommonOptions) => run(options, (target) => showIdentity(target)));

  const gitHook = program.command('git-hook').description('keep keys out of git: a pre-commit hook that refuses commits holding private keys');
  gitHook
    .command('install')
    .description('add the pre-commit hook to a repository (core.hooksPath respected); a hook already there is kept and runs first')
    .option('--repository <folder>', 'the repository (default: the current folder)', '.')
    .option('--json', 'print one JSON document on stdout instead of text')
    .action((options: { repository: string; json?: boolean }) => {
      writeOutput(installGitHook(options.repository), options.json === true, io.stdout);
    });

  vaultCommand(program, 'scan', 'look for plaintext private keys: in folders (which the vault holds, which to import; reports only), or with --staged in what a git commit would add')
    .argument('[folders...]', 'the folders to scan (depth and file size bounded; dependency and VCS folders and symbolic links skipped)')
    .option('--staged', 'check the files staged in the git repository instead, as the pre-commit hook does (no vault needed)')
    .option('--repository <folder>', 'with --staged: the repository (default: the current folder)', '.')
    .addHelpText('after', '\nExit 10 when private keys are found, 0 when none are.')
    .action(async (folders: string[], options: CommonOptions & { staged?: boolean; repository: string }) => {
      if (options.staged === true) {
        if (folders.length > 0) throw new UsageError('Give folders to scan, or --staged, not both.');
        const output = scanStaged(options.repository);
        for (const refusal of output.refusals ?? []) io.stderr.write(refusal);
        writeOutput(output, options.json === true, io.stdout);
        if (output.exitCode !== undefined) throw new OutputWritten(output.exitCode);
        return;
      }
      if (folders.length === 0) throw new UsageError('Give the folders to scan (e.g. ~/Downloads ~/Desktop), or --staged.');
      await run(options, (target) => scanFolders(target, folders));
    });

  vaultCommand(program, 'backup', 'copy the whole vault to a file; it stays encrypted and opens with the vault’s current passphrase')
    .requiredOption('--out <file>', 'the backup file, ideally on another disk (its folder must exist)')
    .option('--overwrite', 'replace the file if it exists (default: refuse with FILE_EXISTS)')
    .action((options: CommonOptions & { out: string; overwrite?: boolean }) => run(options, (target) => backupVault(target, options.out, options.overwrite === true)));

  vaultCommand(program, 'restore', 'restore from a backup: merge in the keys the vault lacks, or replace the whole vault')
    .argument('<file>', 'the backup file')
    .addOption(new Option('--mode <mode>', 'merge: add the backup’s keys the vault lacks; replace: the backup becomes the vault').choices(RESTORE_MODES))
    .option('--preview', 'list the backup’s keys and which of them the vault lacks, restoring nothing')
    .option('--yes', 'confirm --mode replace (the replaced file is kept aside)')
    .option('--backup-passphrase-file <path>', `read the backup’s passphrase, the vault’s when it was made, from this file (${BACKUP_PASSPHRASE_ENV} also works)`)
    .action((file: string, options: CommonOptions & { mode?: RestoreMode; preview?: boolean; yes?: boolean; backupPassphraseFile?: string }) =>
      run(options, (target) =>
        restoreVault(target, file, { mode: options.mode, preview: options.preview === true, yes: options.yes === true }, passphraseSources(io, options.backupPassphraseFile)),
      ),
    );

  program
    .command('completion')
    .description('print a completion script for bash, zsh or fish, made from this program’s own commands and options')
    .addArgument(new Argument('<shell>', 'the shell').choices(COMPLETION_SHELLS))
    .action((shell: CompletionShell) => {
      io.stdout.write(completionScript(program, shell));
    });

  addHelpExamples(program);
  return program;
}

/** Where a bundle's or backup's passphrase comes from: its own file option, then its own variable, then the terminal. */
function passphraseSources(io: CliIo, passphraseFile: string | undefined): PassphraseSources {
  return { ...(passphraseFile === undefined ? {} : { passphraseFile }), env: io.env, stdin: io.stdin, stderr: io.stderr };
}

/** The options every command takes, listed in each command's --help. */
function vaultCommand(program: Command, name: string, description: string, commandOptions?: CommandOptions): Command {
  return program
    .command(name, commandOptions)
    .description(description)
    .addOption(new Option('--vault <path>', 'the vault file').env(VAULT_PATH_ENV).default(defaultVaultPath()))
    .option('--passphrase-file <path>', `read the passphrase from this file (for CI, ${PASSPHRASE_ENV} also works)`)
    .option('--allow-older', 'open the vault even if it is an older copy than the one last opened on this computer (default: refuse, exit 7)')
    .option('--json', 'print one JSON document on stdout instead of text');
}

async function runCommand(io: CliIo, options: CommonOptions, produce: (target: VaultTarget) => Promise<CommandOutput>): Promise<void> {
  const target: VaultTarget = {
    vaultPath: path.resolve(options.vault),
    allowOlder: options.allowOlder === true,
    warn: (text) => io.stderr.write(`${text}\n`),
    askPassphrase: (purpose) =>
      readPassphrase(purpose, { passphraseFile: options.passphraseFile, env: io.env, stdin: io.stdin, stderr: io.stderr }),
  };
  const output = await produce(target);
  for (const refusal of output.refusals ?? []) io.stderr.write(refusal);
  writeOutput(output, options.json === true, io.stdout);
  if (output.exitCode !== undefined) throw new OutputWritten(output.exitCode);
}
