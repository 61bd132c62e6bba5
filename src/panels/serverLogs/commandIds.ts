// The ids of the server-log commands, in one place for the commands that register them and the log panel that
// runs them (so neither imports the other).
export const SERVER_LOG_COMMANDS = {
  show: 'hopsworks.showServerLogs',
  atTime: 'hopsworks.showServerLogsAtTime',
  follow: 'hopsworks.serverLogs.follow',
  pause: 'hopsworks.serverLogs.pause',
  options: 'hopsworks.serverLogs.options',
  requestAtCursor: 'hopsworks.serverLogs.showRequestAtCursor',
  /** a link on an inference id: its row in the log panel (registered with the log panels: logCommands.ts) */
  showRequest: 'hopsworks.showRequestInLogPanel',
} as const;

/** What the show commands answer (the log panel says it in its status line). */
export interface ShowResult {
  shown: boolean;
  message?: string;
}
