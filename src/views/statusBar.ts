// One status-bar item that says whether and where we are connected; clicking it offers the next step.
import * as vscode from 'vscode';
import type { ConnectionManager, ConnectionState } from '../connection/connectionManager';
import { describeTarget } from '../connection/settings';

export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'hopsworks.connection',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly subscription: vscode.Disposable;

  constructor(connection: ConnectionManager) {
    this.item.name = 'Hopsworks connection';
    this.subscription = connection.onDidChange((s) => this.render(s));
    this.render(connection.state);
    this.item.show();
  }

  private render(s: ConnectionState): void {
    switch (s.kind) {
      case 'disconnected':
        this.item.text = '$(plug) Hopsworks';
        this.item.tooltip = 'Not connected to Hopsworks. Click to connect.';
        this.item.command = 'hopsworks.connect';
        this.item.backgroundColor = undefined;
        break;
      case 'connecting':
        this.item.text = `$(sync~spin) Hopsworks: ${s.target.project}`;
        this.item.tooltip = `Connecting to ${describeTarget(s.target)}…`;
        this.item.command = undefined;
        this.item.backgroundColor = undefined;
        break;
      case 'connected':
        this.item.text = `$(database) Hopsworks: ${s.project.projectName}`;
        this.item.tooltip = `Connected to project ${s.project.projectName} on ${describeTarget(s.target)}${
          s.target.verifyTls ? '' : ' (TLS verification OFF)'
        }`;
        this.item.command = 'hopsworks.explorer.focus';
        this.item.backgroundColor = s.target.verifyTls
          ? undefined
          : new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'error':
        this.item.text = `$(error) Hopsworks: ${s.target.project}`;
        this.item.tooltip = `Connection to ${describeTarget(s.target)} failed: ${s.message}\nClick to connect again.`;
        this.item.command = 'hopsworks.connect';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
