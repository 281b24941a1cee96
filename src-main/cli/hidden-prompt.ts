import { PromptCancelled } from './usage-error';

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const BACKSPACE = new Set(['\u007f', '\b']);
const ESCAPE = '\u001b';

/**
 * Asks for a secret on a terminal without echoing it: raw mode, so nothing typed reaches the screen,
 * and the line editing a user expects (backspace, Ctrl+U) done here. The prompt goes to `output`
 * (stderr), so stdout stays free for the command's result.
 */
export function promptHidden(question: string, input: NodeJS.ReadStream, output: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const wasRaw = input.isRaw;
    const finish = (settle: () => void) => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      settle();
    };
    const onData = (chunk: string) => {
      // Arrow and function keys arrive as escape sequences; they are not part of a passphrase.
      if (chunk.startsWith(ESCAPE)) return;
      for (const character of chunk) {
        if (ENTER.has(character)) return finish(() => resolve(typed.join('')));
        if (character === CTRL_C || (character === CTRL_D && typed.length === 0)) return finish(() => reject(new PromptCancelled()));
        if (BACKSPACE.has(character)) typed.pop();
        else if (character === CTRL_U) typed = [];
        else if (character >= ' ') typed.push(character);
      }
    };
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
    output.write(question);
  });
}
