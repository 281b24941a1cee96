import { CommanderError, type Command } from 'commander';
import { optionsOf } from './command-line-hints';
import { EXIT, reportFailure } from './exit-codes';
import { refusePassphraseArgument } from './passphrase-sources';
import { buildProgram, type CliIo } from './program';

/** Runs one command line and returns the exit code; the vault is locked again before it returns. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // The command that ran, so that a refusal names its options (`--bid` for token, `--bundle-id` for import).
  let running: Command | undefined;
  try {
    refusePassphraseArgument(argv.slice(2));
    const program = buildProgram(io).hook('preAction', (_program, actionCommand) => {
      running = actionCommand;
    });
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    // commander has already printed its message (or the help) to stderr.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return reportFailure(error, (text) => io.stderr.write(text), running === undefined ? undefined : optionsOf(running));
  }
}

// A reader that closed the pipe early (`… | head`) wants no more output: stop quietly, as Unix tools do.
// Everything the vault acknowledged is already committed, and the lock goes with the process.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// Exit code set, not process.exit(), so what was written to a pipe is flushed first.
void runCli(process.argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
});
