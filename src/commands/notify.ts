// User-facing errors: say what happened and what to do, with a way to the log.
import * as vscode from 'vscode';

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function showError(log: vscode.LogOutputChannel, what: string, err: unknown): Promise<void> {
  const message = `${what}: ${errorMessage(err)}`;
  log.error(message);
  const choice = await vscode.window.showErrorMessage(message, 'Open Logs');
  if (choice === 'Open Logs') log.show(true);
}
