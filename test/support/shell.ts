// A command a person copies (e.g. "Copy as curl"), run as they would run it: by a real shell, with nothing in
// its environment but PATH and, when given, the API key as HOPSWORKS_API_KEY, the one place the command may
// take the key from.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The command's standard output; rejects when the shell exits non-zero. */
export async function runCopiedCommand(command: string, apiKey?: string): Promise<string> {
  const { stdout } = await run('sh', ['-c', command], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...(apiKey !== undefined ? { HOPSWORKS_API_KEY: apiKey } : {}),
    },
  });
  return stdout;
}
