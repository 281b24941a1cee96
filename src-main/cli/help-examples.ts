import type { Command } from 'commander';

/**
 * Two or three command lines at the end of each command's --help. `args` is what follows the
 * program's name and is parsed by a test against the program itself, so an example cannot keep an
 * option that was renamed; `before` and `after` are the shell around it (a pipe, `$(…)`).
 */
export interface HelpExample {
  says: string;
  args: string;
  before?: string;
  after?: string;
}

// Apple's example Issuer ID and Key IDs, as in the README.
const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

/** By command path ('' for the program, 'bundle export' for a subcommand). */
export const HELP_EXAMPLES: Readonly<Record<string, readonly HelpExample[]>> = {
  '': [
    { says: 'create the vault the desktop app uses (asks for a new passphrase twice)', args: 'init' },
    { says: 'import every .p8 in a folder with one unlock', args: `import ~/Downloads --issuer-id ${ISSUER_ID}` },
    { says: 'in CI: the passphrase from a masked secret, the output as JSON', args: 'list --json', before: 'ASC_VAULT_PASSPHRASE="$VAULT_PASSPHRASE" ' },
  ],
  init: [
    { says: 'the desktop app’s vault (asks for the new passphrase twice)', args: 'init' },
    { says: 'a vault of its own for a CI machine', args: 'init --vault ~/ci/vault.sqlite --passphrase-file ~/.secrets/vault-passphrase' },
  ],
  status: [
    { says: 'where the vault is and whether it exists, without unlocking it', args: 'status' },
    { says: 'check the passphrase and count the keys', args: 'status --unlock --json' },
  ],
  import: [
    { says: 'an In-App Purchase key; its kind and Key ID come from the file name', args: `import ~/Downloads/SubscriptionKey_2X9R4HXF34.p8 --issuer-id ${ISSUER_ID} --bundle-id com.example.app` },
    { says: 'every .p8 in a folder (not its subfolders) in one unlock; exit 4 if any file is refused', args: `import ~/Downloads --issuer-id ${ISSUER_ID} --tag ci` },
    { says: 'an individual API key: no Issuer ID', args: 'import AuthKey_8KJ3ZQ5TYB.p8 --kind asc-individual --name "Release bot"' },
  ],
  list: [
    { says: 'every key, one line each, names cut to fit the terminal', args: 'list' },
    { says: 'the keys whose name, IDs, bundle IDs, tags or notes mention ci', args: 'list --query ci' },
    { says: 'the Key IDs, for a script', args: 'list --json', after: " | jq -r '.keys[].keyId'" },
  ],
  show: [
    { says: 'by Key ID, in any case', args: 'show 2x9r4hxf34' },
    { says: 'by name, as JSON', args: 'show "CI team key" --json' },
  ],
  update: [
    { says: 'rename a key and replace its tags', args: 'update 2X9R4HXF34 --name "Subscriptions prod" --tag prod' },
    { says: 'add the Issuer ID a key was imported without', args: `update "CI team key" --issuer-id ${ISSUER_ID}` },
    { says: 'clear the bundle IDs and set the environment', args: 'update 2X9R4HXF34 --clear-bundle-ids --environment production' },
  ],
  revoke: [
    { says: 'after revoking the key in App Store Connect; it stays in the vault', args: 'revoke 8KJ3ZQ5TYB' },
    { says: 'by name', args: 'revoke "Old CI key"' },
  ],
  unrevoke: [
    { says: 'a key marked as revoked by mistake', args: 'unrevoke 8KJ3ZQ5TYB' },
    { says: 'and print it as JSON', args: 'unrevoke "Old CI key" --json' },
  ],
  delete: [
    { says: 'for good: the Key ID typed again confirms it', args: 'delete "Old CI key" --confirm 8KJ3ZQ5TYB' },
    { says: 'the same by Key ID, as JSON', args: 'delete 8KJ3ZQ5TYB --confirm 8KJ3ZQ5TYB --json' },
  ],
  passphrase: [
    { says: 'on a terminal: the current passphrase once, the new one twice', args: 'passphrase' },
    { says: 'from files, as in a script', args: 'passphrase --passphrase-file old.txt --new-passphrase-file new.txt' },
  ],
  events: [
    { says: 'the ten newest entries', args: 'events --limit 10' },
    { says: 'the second page of 200, as JSON', args: 'events --limit 200 --offset 200 --json' },
  ],
  token: [
    { says: 'call the App Store Connect API with a team key’s token', args: 'token "CI team key"', before: 'curl -H "Authorization: Bearer $(', after: ')" https://api.appstoreconnect.apple.com/v1/apps' },
    { says: 'an App Store Server API token for one app, valid ten minutes', args: 'token 2X9R4HXF34 --bid com.example.app --ttl 600' },
    { says: 'a token limited to one request, with its claims and a curl line', args: 'token "CI team key" --scope "GET /v1/apps" --json' },
  ],
  offer: [
    { says: 'a legacy promotional offer signature', args: 'offer 2X9R4HXF34 --type legacy --bid com.example.app --product pro.monthly --offer WINBACK' },
    { says: 'an introductory offer eligibility JWS', args: 'offer 2X9R4HXF34 --type intro-eligibility --bid com.example.app --product pro.monthly --transaction-id 2000000123456789' },
  ],
  check: [
    { says: 'ask Apple whether a key works and which apps it sees (sends one signed token to Apple)', args: 'check 8KJ3ZQ5TYB --allow-network' },
    { says: 'in CI, through a proxy; exit 8 when Apple refuses the key', args: 'check "Subscriptions prod" --allow-network --json', before: 'HTTPS_PROXY=http://proxy.example:3128 ' },
  ],
  export: [
    { says: 'fastlane’s API key JSON file, into a folder that exists', args: 'export "CI team key" --to fastlane --out ./fastlane' },
    { says: 'Qonversion takes both kinds of key', args: 'export 2X9R4HXF34 --to qonversion --with "CI team key" --out ~/Desktop/qonversion' },
    { says: 'altool’s private_keys folder, replacing the file already there', args: 'export "CI team key" --to altool --overwrite' },
  ],
  'used-in': [
    { says: 'where a key is used: places added by hand, with their entry ids, then exports', args: 'used-in "CI team key"' },
    { says: 'note that a key went into a CI workflow', args: 'used-in add 2X9R4HXF34 "Bitrise workflow release"' },
    { says: 'remove a place by the start of its id', args: 'used-in remove 2X9R4HXF34 3f9a1c07' },
  ],
  'used-in list': [
    { says: 'by Key ID; `used-in 2X9R4HXF34` says the same', args: 'used-in list 2X9R4HXF34' },
    { says: 'the hand-added places’ labels, for a script', args: 'used-in list "CI team key" --json', after: ` | jq -r '.usedIn[] | select(.type == "added") | .label'` },
  ],
  'used-in add': [
    { says: 'note that a key went into RevenueCat', args: 'used-in add 2X9R4HXF34 "RevenueCat project Fitness"' },
    { says: 'and print the new place (its id in .entry.id) as JSON', args: 'used-in add "CI team key" "Bitrise workflow release" --json' },
  ],
  'used-in rename': [
    { says: 'by its label', args: 'used-in rename 2X9R4HXF34 "RevenueCat project Fitness" "RevenueCat project Fitness+"' },
    { says: 'by the start of its id, as `used-in KEY` shows it', args: 'used-in rename 2X9R4HXF34 3f9a1c07 "Bitrise workflow beta"' },
  ],
  'used-in remove': [
    { says: 'by the start of its id', args: 'used-in remove 2X9R4HXF34 3f9a1c07' },
    { says: 'by its label, as JSON', args: 'used-in remove "CI team key" "Bitrise workflow release" --json' },
  ],
  bundle: [
    { says: 'two keys for a teammate, with a made-up passphrase shown on stderr', args: 'bundle export 2X9R4HXF34 "CI team key" --out team-keys.age --generate-passphrase' },
    { says: 'what a bundle holds, importing nothing', args: 'bundle import team-keys.age --preview' },
  ],
  'bundle export': [
    { says: 'two keys, with a made-up passphrase shown on stderr', args: 'bundle export 2X9R4HXF34 "CI team key" --out team-keys.age --generate-passphrase' },
    { says: 'names and IDs only, the passphrase from a file', args: 'bundle export 2X9R4HXF34 --out prod.age --metadata "" --bundle-passphrase-file bundle-pass.txt' },
    { says: 'to a teammate’s age recipient and SSH key, no passphrase', args: 'bundle export 2X9R4HXF34 --out ann.age --recipient age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p --recipient "$(cat ann_ed25519.pub)"' },
  ],
  replace: [
    { says: 'start replacing a key; its places come from where it was exported and used', args: 'replace start 2X9R4HXF34' },
    { says: 'what is done and what is next', args: 'replace status 2X9R4HXF34' },
  ],
  'replace start': [
    { says: 'start replacing a key', args: 'replace start 2X9R4HXF34' },
    { says: 'by name, the job as JSON', args: 'replace start "CI team key" --json' },
  ],
  'replace status': [
    { says: 'the new key, each place numbered and ticked or not, what is next', args: 'replace status 2X9R4HXF34' },
    { says: 'as JSON for a script', args: 'replace status 2X9R4HXF34 --json' },
  ],
  'replace use': [
    { says: 'after importing the new key, make it the replacement', args: 'replace use 2X9R4HXF34 8KJ3ZQ5TYB' },
    { says: 'by names', args: 'replace use "CI team key" "CI team key 2027"' },
  ],
  'replace tick': [
    { says: 'places 1 and 3 have the new key', args: 'replace tick 2X9R4HXF34 1 3' },
    { says: 'place 2 does not after all', args: 'replace tick 2X9R4HXF34 2 --undo' },
  ],
  'replace finish': [
    { says: 'after revoking the old key in App Store Connect', args: 'replace finish 2X9R4HXF34' },
    { says: 'the old and new key as JSON', args: 'replace finish 2X9R4HXF34 --json' },
  ],
  'replace stop': [
    { says: 'stop; a new key already added stays', args: 'replace stop 2X9R4HXF34' },
    { says: 'by name', args: 'replace stop "CI team key"' },
  ],
  'git-hook': [
    { says: 'refuse commits of private keys in this repository', args: 'git-hook install' },
    { says: 'in another repository', args: 'git-hook install --repository ~/src/app' },
  ],
  'git-hook install': [
    { says: 'in the current repository; a pre-commit hook already there keeps running first', args: 'git-hook install' },
    { says: 'in another repository, saying where the hook went as JSON', args: 'git-hook install --repository ~/src/app --json' },
  ],
  scan: [
    { says: 'plaintext keys left in the usual places, and which the vault already holds', args: 'scan ~/Downloads ~/Desktop ~/Documents' },
    { says: 'check by hand what the next commit would add', args: 'scan --staged' },
    { says: 'the files that hold keys, for a script (exit 10 when there are any)', args: 'scan --staged --json', after: " | jq -r '.found[].path'" },
  ],
  identity: [
    { says: 'the recipient teammates encrypt bundles to', args: 'identity' },
    { says: 'just the recipient, for a script', args: 'identity --json', after: " | jq -r .recipient" },
  ],
  'bundle import': [
    { says: 'look first: what it holds and what an import would do', args: 'bundle import team-keys.age --preview' },
    { says: 'import the keys the vault lacks, all or nothing', args: 'bundle import team-keys.age' },
  ],
  backup: [
    { says: 'to another disk; it opens with the vault’s current passphrase', args: 'backup --out /media/usb/vault-backup.sqlite' },
    { says: 'replace last week’s copy', args: 'backup --out /media/usb/vault-backup.sqlite --overwrite --json' },
  ],
  restore: [
    { says: 'which of the backup’s keys the vault lacks, restoring nothing', args: 'restore vault-backup.sqlite --preview' },
    { says: 'add those keys', args: 'restore vault-backup.sqlite --mode merge' },
    { says: 'make the backup the vault (the current file is kept aside)', args: 'restore vault-backup.sqlite --mode replace --yes' },
  ],
  completion: [
    { says: 'bash, in ~/.bashrc', args: 'completion bash', before: 'source <(', after: ')' },
    { says: 'zsh: saved on $fpath (before compinit runs)', args: 'completion zsh', after: ' > ~/.zfunc/_asc-key-vault' },
    { says: 'fish', args: 'completion fish', after: ' > ~/.config/fish/completions/asc-key-vault.fish' },
  ],
};

/** The path HELP_EXAMPLES files a command under. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/** Adds each command's examples to the end of its --help. */
export function addHelpExamples(program: Command): void {
  const walk = (command: Command) => {
    const examples = HELP_EXAMPLES[commandPath(command)];
    if (examples !== undefined) command.addHelpText('after', examplesText(program.name(), examples));
    command.commands.forEach(walk);
  };
  walk(program);
}

function examplesText(programName: string, examples: readonly HelpExample[]): string {
  const lines = examples.flatMap(({ says, args, before = '', after = '' }) => [`  # ${says}`, `  $ ${before}${programName} ${args}${after}`]);
  return `\nExamples:\n${lines.join('\n')}`;
}
