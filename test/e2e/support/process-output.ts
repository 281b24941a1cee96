import { format } from 'node:util';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Copies every console line and stderr/stdout write of this process until stopped: main's services run in
 * the test process, so this is everything they could log. The output still goes where it went.
 */
export function captureProcessOutput(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const originalConsole = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  for (const [method, original] of originalConsole) {
    console[method] = (...args: unknown[]) => {
      lines.push(format(...args));
      original.apply(console, args);
    };
  }
  const streams = [process.stdout, process.stderr];
  const originalWrites = streams.map((stream) => stream.write);
  streams.forEach((stream, index) => {
    const write = originalWrites[index]!;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
  });
  return {
    lines,
    stop() {
      for (const [method, original] of originalConsole) console[method] = original;
      streams.forEach((stream, index) => (stream.write = originalWrites[index]!));
    },
  };
}
