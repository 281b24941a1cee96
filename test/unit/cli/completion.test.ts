import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMPLETION_SHELLS, completionScript, type CompletionShell } from '../../../src-main/cli/completion';
import { tempFolder } from '../../helpers/temp-vault';
import { allCommands, programForTests } from './program-fixture';

const program = programForTests();
const installed = (shell: string) => spawnSync(shell, ['-c', 'true']).status === 0;
// zsh and fish are checked where installed (CI images often have only bash).
const SYNTAX_CHECK: Record<CompletionShell, string[]> = { bash: ['bash', '-n'], zsh: ['zsh', '-n'], fish: ['fish', '--no-execute'] };

function scriptFile(shell: CompletionShell, source: Command = program): string {
  const file = path.join(tempFolder(), `asc-key-vault.${shell}`);
  writeFileSync(file, completionScript(source, shell));
  return file;
}

describe('completion scripts', () => {
  for (const shell of COMPLETION_SHELLS) {
    const [command = shell, ...args] = SYNTAX_CHECK[shell];
    it.skipIf(!installed(command))(`${shell}: the script is valid syntax for its shell (${command} ${args.join(' ')})`, () => {
      const check = spawnSync(command, [...args, scriptFile(shell)], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    });
  }

  it.each(COMPLETION_SHELLS)('%s: names every command and every long option of the program', (shell) => {
    const script = completionScript(program, shell);
    for (const { path: commandPath, command } of allCommands(program)) {
      if (commandPath !== '') expect(script, commandPath).toContain(commandPath.split(' ').at(-1));
      for (const option of command.options) if (option.long) expect(script, `${commandPath} ${option.long}`).toContain(option.long.replace(/^--/, ''));
    }
  });

  it('bash: completes commands, options, their accepted values and files, as a user pressing Tab sees', () => {
    const folder = tempFolder();
    writeFileSync(path.join(folder, 'AuthKey_2X9R4HXF34.p8'), '');
    const cases: Array<[line: string, offered: string]> = [
      ['asc-key-vault im', 'import'],
      ['asc-key-vault bundle ', 'export import help'],
      ['asc-key-vault bundle export --o', '--out --overwrite'],
      ['asc-key-vault import --ki', '--kind'],
      ['asc-key-vault import --kind ', 'in-app-purchase asc-team asc-individual'],
      ['asc-key-vault import --issuer-id ', ''],
      ['asc-key-vault import Auth', 'AuthKey_2X9R4HXF34.p8'],
      ['asc-key-vault update KEY --environment s', 'sandbox'],
      ['asc-key-vault completion ', 'bash zsh fish'],
      ['asc-key-vault used-in ', 'list add rename remove help'],
      ['asc-key-vault used-in rename --j', '--json'],
    ];
    const script = [
      `source ${JSON.stringify(scriptFile('bash'))}`,
      'offer() { COMP_WORDS=($1); [[ $1 == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _asc_key_vault; echo "${COMPREPLY[*]}"; }',
      ...cases.map(([line]) => `offer ${JSON.stringify(line)}`),
    ].join('\n');
    const run = spawnSync('bash', ['-c', script], { cwd: folder, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(0, cases.length)).toEqual(cases.map(([, offered]) => offered));
  });

  it.runIf(installed('fish'))('fish: completes commands, options and their accepted values', () => {
    const run = spawnSync('fish', ['--no-config', '-c', `source ${scriptFile('fish')}; complete -C 'asc-key-vault bundle export --me'; complete -C 'asc-key-vault import --kind '`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const offered = run.stdout.trimEnd().split('\n').map((line) => line.split('\t')[0]);
    expect(offered).toEqual(['--metadata', 'asc-individual', 'asc-team', 'in-app-purchase']);
  });

  it.runIf(installed('zsh'))('zsh: registers its function for asc-key-vault once compinit has run', () => {
    const run = spawnSync('zsh', ['-f', '-c', `autoload -U compinit; compinit -u -D; source ${scriptFile('zsh')}; print -r -- $_comps[asc-key-vault]`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('_asc_key_vault\n');
  });

  it('follows the program: a command or option added to it is completed without editing the scripts', () => {
    const grown = programForTests();
    grown.command('rotate').option('--dry-run', 'show what would change');
    for (const shell of COMPLETION_SHELLS) {
      const script = completionScript(grown, shell);
      expect(script, shell).toContain('rotate');
      expect(script, shell).toContain('dry-run');
    }
  });
});
