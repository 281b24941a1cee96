import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { KEY_KINDS, type KeyKind } from '../../src-shared/keys/key-kind';
import type { KeyUpdate } from '../../src-shared/keys/key-record';
import { version } from '../../package.json';
import { deleteKey, importKey, initVault, listEvents, listKeys, revokeKey, showKey, unrevokeKey, updateKey, vaultStatus } from './commands';
import { defaultVaultPath } from './default-vault-path';
import { issueToken, signOffer, type OfferOptions, type TokenOptions } from './signing-commands';
import { OFFER_KINDS } from '../../src-shared/signing/offer-request';
import { TOKEN_TEMPLATES } from '../../src-shared/signing/token-request';
import { writeOutput, type CommandOutput } from './output';
import { PASSPHRASE_ENV, readPassphrase } from './passphrase-sources';
import type { VaultTarget } from './vault-session';

export const VAULT_PATH_ENV = 'ASC_VAULT_PATH';
// The app's activity page size limit (vault.events channel).
const MAX_EVENTS_PAGE = 200;

export interface CliIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

interface CommonOptions {
  vault: string;
  passphraseFile?: string;
  json?: boolean;
}

const EXIT_CODES_HELP = `
Exit codes:
  0  success                      4  invalid input (error CODE: message on stderr)
  1  unexpected failure, or the   5  vault file damaged, not a vault, or too new
     vault is open in the app     6  vault or key not found
  2  usage error                130  passphrase prompt cancelled
  3  wrong passphrase`;

const KEY_ARGUMENT = ['<key>', 'the key: its record id, its Key ID, or its name if no other key has it'] as const;

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

  vaultCommand(program, 'import', 'import a .p8 key file, with the same checks as the app')
    .argument('<file>', 'the .p8 file: SubscriptionKey_<KEYID>.p8 or AuthKey_<KEYID>.p8 as downloaded')
    .addOption(new Option('--kind <kind>', 'the kind of key (default: from the file name)').choices(KEY_KINDS))
    .option('--key-id <id>', 'the Key ID (default: from the file name, which it must match)')
    .option('--issuer-id <uuid>', 'the Issuer ID (required for in-app-purchase and asc-team keys)')
    .option('--bundle-id <id>', 'a bundle ID the key is used for (repeat for several)', collect)
    .option('--name <name>', 'a name for the key (default: its kind and Key ID)')
    .option('--notes <text>', 'notes')
    .option('--tag <tag>', 'a tag (repeat for several)', collect)
    .action((file: string, options: CommonOptions & { kind?: KeyKind; keyId?: string; issuerId?: string; bundleId?: string[]; name?: string; notes?: string; tag?: string[] }) =>
      run(options, (target) =>
        importKey(target, file, {
          kind: options.kind,
          keyId: options.keyId,
          issuerId: options.issuerId,
          bundleIds: options.bundleId ?? [],
          name: options.name,
          notes: options.notes,
          tags: options.tag ?? [],
        }),
      ),
    );

  vaultCommand(program, 'list', 'list the keys, active before revoked, by name')
    .option('--query <text>', 'only keys whose name, IDs, bundle IDs, tags or notes contain every word of it', '')
    .action((options: CommonOptions & { query: string }) => run(options, (target) => listKeys(target, options.query)));

  vaultCommand(program, 'show', 'show one key: names, IDs, fingerprint and public key (never the private key)')
    .argument(...KEY_ARGUMENT)
    .action((key: string, options: CommonOptions) => run(options, (target) => showKey(target, key)));

  vaultCommand(program, 'update', 'change a key’s name, notes, tags, bundle IDs or Issuer ID')
    .argument(...KEY_ARGUMENT)
    .option('--name <name>', 'the new name ("" restores the default name)')
    .option('--notes <text>', 'the new notes ("" clears them)')
    .option('--tag <tag>', 'replace the tags with these (repeat for several)', collect)
    .addOption(new Option('--clear-tags', 'remove every tag').conflicts('tag'))
    .option('--bundle-id <id>', 'replace the bundle IDs with these (repeat for several)', collect)
    .addOption(new Option('--clear-bundle-ids', 'remove every bundle ID').conflicts('bundleId'))
    .option('--issuer-id <uuid>', 'the new Issuer ID')
    .action(
      (
        key: string,
        options: CommonOptions & { name?: string; notes?: string; tag?: string[]; clearTags?: boolean; bundleId?: string[]; clearBundleIds?: boolean; issuerId?: string },
      ) => {
        const update: KeyUpdate = {};
        if (options.name !== undefined) update.name = options.name;
        if (options.notes !== undefined) update.notes = options.notes;
        if (options.tag !== undefined || options.clearTags) update.tags = options.tag ?? [];
        if (options.bundleId !== undefined || options.clearBundleIds) update.bundleIds = options.bundleId ?? [];
        if (options.issuerId !== undefined) update.issuerId = options.issuerId;
        return run(options, (target) => updateKey(target, key, update));
      },
    );

  vaultCommand(program, 'revoke', 'mark a key as revoked in App Store Connect; it stays in the vault for reference')
    .argument(...KEY_ARGUMENT)
    .action((key: string, options: CommonOptions) => run(options, (target) => revokeKey(target, key)));

  vaultCommand(program, 'unrevoke', 'mark a revoked key as active again')
    .argument(...KEY_ARGUMENT)
    .action((key: string, options: CommonOptions) => run(options, (target) => unrevokeKey(target, key)));

  vaultCommand(program, 'delete', 'delete a key for good; Apple lets you download a key only once')
    .argument(...KEY_ARGUMENT)
    .requiredOption('--confirm <keyid>', 'the key’s Key ID, typed again to confirm')
    .action((key: string, options: CommonOptions & { confirm: string }) => run(options, (target) => deleteKey(target, key, options.confirm)));

  vaultCommand(program, 'events', 'show the activity log, newest first')
    .option('--limit <n>', `how many entries (1 to ${MAX_EVENTS_PAGE})`, integerFrom(1, MAX_EVENTS_PAGE), 50)
    .option('--offset <n>', 'how many of the newest entries to skip', integerFrom(0, Number.MAX_SAFE_INTEGER), 0)
    .action((options: CommonOptions & { limit: number; offset: number }) => run(options, (target) => listEvents(target, options)));

  vaultCommand(program, 'token', 'issue a test JWT for an Apple API with a key (prints the token; --json adds claims and a curl line)')
    .argument(...KEY_ARGUMENT)
    .addOption(new Option('--template <template>', 'which token (default: the one the key’s kind signs)').choices(TOKEN_TEMPLATES))
    .option('--ttl <seconds>', 'lifetime in seconds (App Store Connect: at most 1200; App Store Server: at most 3600)', integerFrom(1, 180 * 86_400))
    .option('--backdate <seconds>', 'set iat back by this many seconds (0 to 60) for a server whose clock is behind', integerFrom(0, 60))
    .option('--bid <bundleId>', 'the app’s bundle ID (App Store Server tokens)')
    .option('--scope <entry>', 'limit an App Store Connect token, e.g. "GET /v1/apps" (repeat for several)', collect)
    .option('--production', 'put the production App Store Server host in the curl line (default: sandbox)')
    .action((key: string, options: CommonOptions & TokenOptions) => run(options, (target) => issueToken(target, key, options)));

  vaultCommand(program, 'offer', 'sign a StoreKit offer or request with an In-App Purchase key')
    .argument(...KEY_ARGUMENT)
    .addOption(new Option('--type <type>', 'the signature').choices(OFFER_KINDS).makeOptionMandatory())
    .requiredOption('--bid <bundleId>', 'the app’s bundle ID')
    .option('--product <id>', 'the product ID (legacy, promo-v2, intro-eligibility)')
    .option('--offer <id>', 'the offer identifier (legacy, promo-v2)')
    .option('--app-account-token <uuid>', 'the app account token (legacy, optional)')
    .option('--transaction-id <id>', 'the transaction ID (intro-eligibility; optional for promo-v2)')
    .option('--no-allow-intro', 'refuse the introductory offer (intro-eligibility; default: allow)')
    .option('--request-file <path>', 'the Advanced Commerce request as a JSON file (advanced-commerce)')
    .action((key: string, options: CommonOptions & OfferOptions) => run(options, (target) => signOffer(target, key, options)));

  return program;
}

/** The options every command takes, listed in each command's --help. */
function vaultCommand(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .addOption(new Option('--vault <path>', 'the vault file').env(VAULT_PATH_ENV).default(defaultVaultPath()))
    .option('--passphrase-file <path>', `read the passphrase from this file (for CI, ${PASSPHRASE_ENV} also works)`)
    .option('--json', 'print one JSON document on stdout instead of text');
}

async function runCommand(io: CliIo, options: CommonOptions, produce: (target: VaultTarget) => Promise<CommandOutput>): Promise<void> {
  const target: VaultTarget = {
    vaultPath: path.resolve(options.vault),
    askPassphrase: (purpose) =>
      readPassphrase(purpose, { passphraseFile: options.passphraseFile, env: io.env, stdin: io.stdin, stderr: io.stderr }),
  };
  writeOutput(await produce(target), options.json === true, io.stdout);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function integerFrom(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || number < min || number > max) throw new InvalidArgumentError(`Give a whole number from ${min} to ${max}.`);
    return number;
  };
}
