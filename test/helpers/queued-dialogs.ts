import type { Dialogs } from '../../src-main/app/create-handlers';

/** A dialog main showed: its title, and the folder it opened at when main gave one. */
export interface AskedDialog {
  title: string;
  defaultPath?: string;
}

/** Dialogs answered from a queue, in the order main shows them (null: the user cancelled). */
export function queuedDialogs(): { dialogs: Dialogs; answers: Array<string | null>; asked: AskedDialog[] } {
  const answers: Array<string | null> = [];
  const asked: AskedDialog[] = [];
  const next = async (title: string, defaultPath?: string) => {
    asked.push(defaultPath === undefined ? { title } : { title, defaultPath });
    return answers.length > 0 ? answers.shift()! : null;
  };
  return {
    answers,
    asked,
    dialogs: {
      chooseKeyFile: () => next('Choose the App Store Connect key (.p8)'),
      chooseFolder: (title, defaultPath) => next(title, defaultPath),
      chooseSaveFile: (title) => next(title),
      chooseOpenFile: (title) => next(title),
    },
  };
}
