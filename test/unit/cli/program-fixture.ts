import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { buildProgram } from '../../../src-main/cli/program';

/** The real command line, built with streams that go nowhere: for tests that read its table of commands and options. */
export function programForTests(): Command {
  const sink = new PassThrough();
  return buildProgram({ stdin: process.stdin, stdout: sink, stderr: sink, env: {} });
}

/** A command by its path after the program's name: 'import', 'bundle export'. */
export function commandAt(program: Command, path: string): Command {
  let command = program;
  for (const name of path.split(' ').filter((part) => part !== '')) {
    const next = command.commands.find((candidate) => candidate.name() === name);
    if (next === undefined) throw new Error(`no command ${path}`);
    command = next;
  }
  return command;
}

/** Every command of the program, itself included, with its path. */
export function allCommands(program: Command, path = ''): Array<{ path: string; command: Command }> {
  return [
    { path, command: program },
    ...program.commands.flatMap((child) => allCommands(child, [path, child.name()].filter((part) => part !== '').join(' '))),
  ];
}
