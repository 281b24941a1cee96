/** 'vault.status' → 'vaultStatus': the method name window.vault exposes for a channel. */
export type MethodName<C extends string> = C extends `${infer Head}.${infer Tail}` ? `${Head}${Capitalize<MethodName<Tail>>}` : C;

export function methodNameOf<C extends string>(channel: C): MethodName<C> {
  return channel.replace(/\.(\w)/g, (_, letter: string) => letter.toUpperCase()) as MethodName<C>;
}
