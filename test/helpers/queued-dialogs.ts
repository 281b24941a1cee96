import type { Dialogs } from '../../src-main/app/create-handlers';

/** Dialogs answered from a queue, in the order main shows them (null: the user cancelled). */
export function queuedDialogs(): { dialogs: Dialogs; answers: Array<string | null>; asked: string[] } {
  const answers: Array<string | null> = [];
  const asked: string[] = [];
  const next = async (title: string) => {
    asked.push(title);
    return answers.length > 0 ? answers.shift()! : null;
  };
  return {
    answers,
    asked,
    dialogs: {
      chooseKeyFile: () => next('Choose the App Store Connect key (.p8)'),
      chooseFolder: (title) => next(title),
      chooseSaveFile: (title) => next(title),
      chooseOpenFile: (title) => next(title),
    },
  };
}
