// Creates a panel's WebviewPanel the one way every panel does: in the active column, our icon, scripts on,
// only the given folders of the extension loadable, and the strict-CSP shell (webviewHtml.ts) around the
// panel's bundle dist/webview/<bundle>.js with a fresh nonce.
import * as vscode from 'vscode';
import { makeNonce, renderWebviewHtml } from './webviewHtml';

export interface WebviewPanelOptions {
  viewType: string;
  /** The tab's title. */
  title: string;
  /** The document's <title>, read by screen readers when the panel gets focus. */
  documentTitle: string;
  extensionUri: vscode.Uri;
  /** Name of the panel's bundle: dist/webview/<bundle>.js. */
  bundle: string;
  /** Folders the webview may load from; the bundle's folder must be one of them. */
  localResourceRoots: vscode.Uri[];
  /** Keep the page alive while hidden (it holds what the user typed), or rebuild it on show. */
  retainContextWhenHidden: boolean;
}

/**
 * A new panel showing the bundle. Its messages arrive as events after this call returns, so a handler
 * subscribed right after it (in the same turn) misses none, the webview's "ready" included.
 */
export function createWebviewPanel(o: WebviewPanelOptions): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(o.viewType, o.title, vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: o.localResourceRoots,
    retainContextWhenHidden: o.retainContextWhenHidden,
  });
  panel.iconPath = vscode.Uri.joinPath(o.extensionUri, 'media', 'hopsworks.svg');
  const script = vscode.Uri.joinPath(o.extensionUri, 'dist', 'webview', `${o.bundle}.js`);
  panel.webview.html = renderWebviewHtml({
    cspSource: panel.webview.cspSource,
    nonce: makeNonce(),
    scriptUri: panel.webview.asWebviewUri(script).toString(),
    title: o.documentTitle,
  });
  return panel;
}
