// User-facing errors: say what happened and what to do, with a way to the log.
import * as vscode from 'vscode';
import { isClosedConnectionError } from '../hopsworks/errors';

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Logs and shows an error. Returns at once: a command must finish (and its progress end) whether or not the
 * user ever clicks the notification.
 */
export function showError(log: vscode.LogOutputChannel, what: string, err: unknown): void {
  const message = `${what}: ${errorMessage(err)}`;
  if (isClosedConnectionError(err)) {
    // The person disconnected (or connected elsewhere) while this ran: nothing failed, it was cut off.
    log.info(message);
    return;
  }
  log.error(message);
  void vscode.window.showErrorMessage(message, 'Open Logs').then((choice) => {
    if (choice === 'Open Logs') log.show(true);
  });
}
