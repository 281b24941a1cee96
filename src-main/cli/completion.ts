import type { Argument, Command, Option } from 'commander';
import { collect, exportName } from './option-parsers';

/**
 * `completion bash|zsh|fish`: a completion script made from the program's own command and option
 * table at the time it is printed, so a new command or option is completed without anyone editing
 * the scripts. Keys are not completed: listing them would need the passphrase.
 */

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

const PROGRAM = 'asc-key-vault';
const FUNCTION = '_asc_key_vault';

/** What a value completes to: paths, folders, a fixed list, or nothing (text such as a Key ID). */
type CompletionValue = { type: 'file' } | { type: 'folder' } | { type: 'choices'; choices: readonly string[] } | { type: 'text'; name: string };

interface CompletionOption {
  names: string[];
  description: string;
  value: CompletionValue | undefined;
  repeatable: boolean;
}

interface CompletionCommand {
  /** The words that name it after the program: [], ['import'], ['bundle', 'export']. */
  path: string[];
  description: string;
  subcommands: CompletionCommand[];
  options: CompletionOption[];
  operands: { value: CompletionValue; name: string; several: boolean } | undefined;
}

export function completionScript(program: Command, shell: CompletionShell): string {
  const root = describeCommand(program, []);
  switch (shell) {
    case 'bash':
      return bashScript(root);
    case 'zsh':
      return zshScript(root);
    case 'fish':
      return fishScript(root);
  }
}

function describeCommand(command: Command, path: string[], siblings: readonly string[] = []): CompletionCommand {
  const help = command.createHelp();
  const children = help.visibleCommands(command);
  const childNames = children.map((child) => child.name()).filter((name) => name !== 'help');
  return {
    path,
    description: command.description(),
    subcommands: children.map((child) => describeCommand(child, [...path, child.name()], childNames)),
    options: help.visibleOptions(command).map(describeOption),
    // commander's own `help [command]` takes the name of a sibling command.
    operands:
      command.name() === 'help' && path.length > 0
        ? { value: { type: 'choices', choices: siblings }, name: 'command', several: false }
        : describeOperands(command.registeredArguments),
  };
}

function describeOption(option: Option): CompletionOption {
  const names = [option.short, option.long].filter((name): name is string => name !== undefined);
  const takesValue = option.required || option.optional;
  const placeholder = /<([^>]+)>|\[([^\]]+)\]/.exec(option.flags);
  return {
    names,
    description: option.description,
    value: takesValue ? valueFor(placeholder?.[1] ?? placeholder?.[2] ?? 'value', option.argChoices) : undefined,
    // The parsers that collect a repeated option into a list (option-parsers.ts).
    repeatable: option.parseArg === (collect as unknown) || option.parseArg === (exportName as unknown),
  };
}

function describeOperands(operands: readonly Argument[]): CompletionCommand['operands'] {
  const [first] = operands;
  if (first === undefined) return undefined;
  return { value: valueFor(first.name(), first.argChoices), name: first.name(), several: first.variadic };
}

/** From the placeholder commander shows (`<path>`, `<folder>`, `<keyid>`) or its list of accepted values. */
function valueFor(name: string, choices: readonly string[] | undefined): CompletionValue {
  if (choices !== undefined) return { type: 'choices', choices };
  if (/folder/i.test(name)) return { type: 'folder' };
  if (/file|path/i.test(name)) return { type: 'file' };
  return { type: 'text', name };
}

function allCommands(command: CompletionCommand): CompletionCommand[] {
  return [command, ...command.subcommands.flatMap(allCommands)];
}

/** Commands that only hold others (`bundle`): the word after them is the next command, not an operand. */
function groupNames(root: CompletionCommand): string[] {
  return allCommands(root)
    .filter((command) => command.path.length > 0 && command.subcommands.length > 0)
    .map((command) => command.path.join(' '));
}

/** Words that go into the scripts unquoted or in single quotes: names, option names and choices. */
function word(text: string): string {
  if (!/^[\w.@%+,:/=-]+$/.test(text)) throw new Error(`completion: ${JSON.stringify(text)} is not a plain word`);
  return text;
}

function bashScript(root: CompletionCommand): string {
  const commands = allCommands(root);
  const valueCases: string[] = [];
  for (const command of commands) {
    const key = command.path.join(' ');
    for (const option of command.options) {
      if (option.value === undefined) continue;
      const patterns = option.names.map((name) => `'${key}|${word(name)}'`).join(' | ');
      valueCases.push(`    ${patterns}) ${bashValue(option.value)}return ;;`);
    }
  }
  const commandCases = commands.map((command) => {
    const options = command.options.flatMap((option) => option.names).map(word).join(' ');
    // Subcommands, or the operand's accepted values; `paths` when the operands are files or folders.
    const operands = command.operands?.value;
    const words = operands?.type === 'choices' ? operands.choices : command.subcommands.map((sub) => sub.path.at(-1) ?? '');
    const paths = operands?.type === 'file' || operands?.type === 'folder' ? operands.type : '';
    return `    '${command.path.join(' ')}') options='${options}' words='${words.map(word).join(' ')}' paths='${paths}' ;;`;
  });
  return `# bash completion for ${PROGRAM}, made by \`${PROGRAM} completion bash\` from its own commands and options.
# Load it from ~/.bashrc with:  source <(${PROGRAM} completion bash)
${FUNCTION}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local command='' word i
  # The command typed so far ("import", "bundle export"): the words before the cursor that are not options.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    [[ $word == -* ]] && continue
    command=\${command:+$command }$word
    case $command in
      ${groupNames(root).map((name) => `'${name}'`).join(' | ') || "''"}) ;;
      *) break ;;
    esac
  done
  COMPREPLY=()
  case "$command|$prev" in
${valueCases.join('\n')}
  esac
  local options='' words='' paths=''
  case $command in
${commandCases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  elif [[ -n $words ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  elif [[ -n $paths ]]; then
    ${FUNCTION}_paths "$paths"
  fi
}
# Files, or folders only: one per line, so that names with spaces stay whole.
${FUNCTION}_paths() {
  compopt -o filenames 2>/dev/null
  local IFS=$'\\n'
  if [[ $1 == folder ]]; then COMPREPLY=($(compgen -d -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
}
complete -F ${FUNCTION} ${PROGRAM}
`;
}

/** What an option's value completes to; nothing for text, so that no option name is offered as a value. */
function bashValue(value: CompletionValue): string {
  switch (value.type) {
    case 'file':
    case 'folder':
      return `${FUNCTION}_paths ${value.type}; `;
    case 'choices':
      return `COMPREPLY=($(compgen -W '${value.choices.map(word).join(' ')}' -- "$cur")); `;
    case 'text':
      return '';
  }
}

function zshScript(root: CompletionCommand): string {
  const functions = allCommands(root).map((command) => (command.subcommands.length > 0 ? zshGroup(command) : zshLeaf(command)));
  return `#compdef ${PROGRAM}
# zsh completion for ${PROGRAM}, made by \`${PROGRAM} completion zsh\` from its own commands and options.
# Load it with:  source <(${PROGRAM} completion zsh)  after compinit, or save it as _${PROGRAM} in a folder on $fpath.

${functions.join('\n\n')}

# Autoloaded from $fpath the file is the body of _${PROGRAM}; sourced, it registers the function.
if [[ $funcstack[1] == _${PROGRAM} ]]; then
  ${zshFunction(root)} "$@"
else
  compdef ${zshFunction(root)} ${PROGRAM}
fi
`;
}

function zshFunction(command: CompletionCommand): string {
  return [FUNCTION, ...command.path].join('_').replace(/-/g, '_');
}

function zshGroup(command: CompletionCommand): string {
  const names = command.subcommands.map((sub) => `    '${word(sub.path.at(-1) ?? '')}:${zshText(sub.description)}'`);
  const branches = command.subcommands.map((sub) => `      ${word(sub.path.at(-1) ?? '')}) ${zshFunction(sub)} ;;`);
  return `${zshFunction(command)}() {
  local curcontext=$curcontext state line
  typeset -A opt_args
  _arguments -C \\
${command.options.flatMap(zshOptionSpecs).map((spec) => `    ${spec} \\`).join('\n')}
    '1: :->command' \\
    '*:: :->argument'
  case $state in
    command)
      local -a commands
      commands=(
${names.map((name) => `    ${name}`).join('\n')}
      )
      _describe -t commands 'command' commands
      ;;
    argument)
      case $line[1] in
${branches.map((branch) => `  ${branch}`).join('\n')}
      esac
      ;;
  esac
}`;
}

function zshLeaf(command: CompletionCommand): string {
  const specs = command.options.flatMap(zshOptionSpecs);
  const operands = command.operands;
  if (operands !== undefined) specs.push(`'${operands.several ? '*' : '1'}:${word(operands.name)}:${zshAction(operands.value)}'`);
  return `${zshFunction(command)}() {
  _arguments \\
${specs.map((spec) => `    ${spec}`).join(' \\\n')}
}`;
}

function zshOptionSpecs(option: CompletionOption): string[] {
  return option.names.map((name) => {
    const value = option.value === undefined ? '' : `:${word(option.value.type === 'text' ? option.value.name : option.value.type === 'choices' ? 'value' : option.value.type)}:${zshAction(option.value)}`;
    return `'${option.repeatable ? '*' : ''}${word(name)}[${zshText(option.description)}]${value}'`;
  });
}

function zshAction(value: CompletionValue): string {
  switch (value.type) {
    case 'file':
      return '_files';
    case 'folder':
      return '_files -/';
    case 'choices':
      return `(${value.choices.map(word).join(' ')})`;
    case 'text':
      return ' ';
  }
}

/** A description inside a single-quoted _arguments spec: brackets and colons escaped, quotes closed and reopened. */
function zshText(text: string): string {
  return oneLineText(text)
    .replace(/\\/g, '\\\\')
    .replace(/[[\]:]/g, (character) => `\\${character}`)
    .replace(/'/g, `'\\''`);
}

function fishScript(root: CompletionCommand): string {
  const lines: string[] = [];
  for (const command of allCommands(root)) {
    const condition = `-n '__asc_key_vault_is "${command.path.join(' ')}"'`;
    for (const sub of command.subcommands) lines.push(`complete -c ${PROGRAM} ${condition} -a ${word(sub.path.at(-1) ?? '')} -d '${fishText(sub.description)}'`);
    for (const option of command.options) {
      const names = option.names.map((name) => (name.startsWith('--') ? `-l ${word(name.slice(2))}` : `-s ${word(name.slice(1))}`)).join(' ');
      lines.push(`complete -c ${PROGRAM} ${condition} ${names}${option.value === undefined ? '' : ` ${fishValue(option.value)}`} -d '${fishText(option.description)}'`);
    }
    if (command.operands !== undefined && command.operands.value.type !== 'text') lines.push(`complete -c ${PROGRAM} ${condition} ${fishOperands(command.operands.value)}`);
  }
  const groups = groupNames(root);
  return `# fish completion for ${PROGRAM}, made by \`${PROGRAM} completion fish\` from its own commands and options.
# Load it with:  ${PROGRAM} completion fish | source   or save it as ~/.config/fish/completions/${PROGRAM}.fish

# The command typed so far ("import", "bundle export"): the words before the cursor that are not options.
function __asc_key_vault_command
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l command
    for token in $tokens
        string match -q -- '-*' $token; and continue
        set -a command $token
        ${groups.length === 0 ? 'break' : `contains -- "$command" ${groups.map((name) => `'${name}'`).join(' ')}; or break`}
    end
    echo "$command"
end

function __asc_key_vault_is --argument-names expected
    set -l command (__asc_key_vault_command)
    test "$command" = "$expected"
end

complete -c ${PROGRAM} -f
${lines.join('\n')}
`;
}

function fishValue(value: CompletionValue): string {
  switch (value.type) {
    case 'file':
      return '-r -F';
    case 'folder':
      return "-x -a '(__fish_complete_directories)'";
    case 'choices':
      return `-x -a '${value.choices.map(word).join(' ')}'`;
    case 'text':
      return '-x';
  }
}

function fishOperands(value: CompletionValue): string {
  if (value.type === 'choices') return `-a '${value.choices.map(word).join(' ')}'`;
  return value.type === 'folder' ? "-a '(__fish_complete_directories)'" : '-F';
}

function fishText(text: string): string {
  return oneLineText(text).replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

function oneLineText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
