import { describe, expect, it } from 'vitest';
import { HELP_EXAMPLES } from '../../../src-main/cli/help-examples';
import { allCommands, programForTests } from './program-fixture';

/** The words a POSIX shell makes of a line without expansions: quotes group and are removed. */
function shellWords(line: string): string[] {
  return (line.match(/(?:"[^"]*"|'[^']*'|[^\s"']+)+/g) ?? []).map((word) => word.replace(/"([^"]*)"|'([^']*)'/g, '$1$2'));
}

// commander's own `help [command]` has no examples.
const documented = allCommands(programForTests()).filter(({ path }) => path.split(' ').at(-1) !== 'help');

describe('examples in --help', () => {
  it.each(documented.map(({ path }) => path))('"%s" has two or three, shown at the end of its help', (path) => {
    const examples = HELP_EXAMPLES[path] ?? [];
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.length).toBeLessThanOrEqual(3);
    const { command } = allCommands(programForTests()).find((entry) => entry.path === path)!;
    let help = '';
    command.configureOutput({ writeOut: (text) => (help += text) });
    command.outputHelp();
    expect(help).toContain(`\nExamples:\n  # ${examples[0]!.says}\n  $ ${examples[0]!.before ?? ''}asc-key-vault ${examples[0]!.args}`);
  });

  it.each(Object.entries(HELP_EXAMPLES).flatMap(([path, examples]) => examples.map((example) => ({ path, args: example.args }))))(
    '"$args" parses as a command line of this program',
    async ({ path, args }) => {
      const program = programForTests();
      let ran: string | undefined;
      for (const entry of allCommands(program)) if (entry.command.commands.length === 0) entry.command.action(() => void (ran = entry.path));
      await program.parseAsync(['node', 'asc-key-vault', ...shellWords(args)]);
      // An example of a command runs that command; the program's and a command group's (bundle, git-hook) show one of theirs.
      const group = path === '' || (allCommands(program).find((entry) => entry.path === path)?.command.commands.length ?? 0) > 0;
      if (group) expect(ran).toBeDefined();
      else expect(ran).toBe(path);
    },
  );
});
