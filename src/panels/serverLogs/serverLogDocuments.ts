// Server logs as read-only editor documents (TextDocumentContentProvider, scheme `hopsworks-logs`, Log language):
// one per deployment and component. An editor is where people already read logs — search, folding, copy,
// minimap, go to line — and a document (unlike an Output channel) can be scrolled to a moment, highlight the
// lines of one request and link each inference id back to its row in the log panel. This file keeps the open
// documents, feeds their text to the editor, tells each one whether an editor shows it (it polls only then)
// and whether its project is connected, draws the highlight, and offers the links.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../../connection/connectionManager';
import type { ViewTarget } from '../../connection/targetChange';
import { relationTo, sameTarget } from '../../connection/targetChange';
import type { HopsworksClient } from '../../hopsworks/client';
import type { Deployment, DeploymentComponent } from '../../hopsworks/types';
import type { DocumentKey } from '../../serverLogs/documentKey';
import {
  documentAuthority,
  documentPath,
  parseDocumentKey,
  SERVER_LOG_SCHEME,
} from '../../serverLogs/documentKey';
import type { ServerLogOptions } from '../../serverLogs/options';
import { defaultOptions } from '../../serverLogs/options';
import type { ReadResult } from '../../serverLogs/serverLogReader';
import { SERVER_LOG_COMMANDS } from './commandIds';
import type { Highlight } from './serverLogDocument';
import { ServerLogDocument } from './serverLogDocument';

const UNTIL_CURRENT_MS = 5_000;

/** Read-only facts about an open document, for the integration suite (through activate()'s API). */
export interface ServerLogDocumentProbe {
  uri: string;
  deployment: string;
  component: DeploymentComponent;
  options: ServerLogOptions;
  following: boolean;
  polling: boolean;
  polls: number;
  /** document lines (0-based) drawn as the highlighted request */
  highlighted: number[];
  refusal?: string;
}

export interface OpenRequest {
  component: DeploymentComponent;
  /** what to read; undefined keeps what the document read last */
  options?: ServerLogOptions;
  /** highlight this request's lines (null: remove a highlight the document had) */
  highlight?: Highlight | null;
}

export class ServerLogDocuments
  implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider, vscode.Disposable
{
  private readonly docs = new Map<string, ServerLogDocument>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly highlightDecoration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private readonly versions = new WeakMap<HopsworksClient, Promise<boolean>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly connection: ConnectionManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.changeEmitter,
      this.highlightDecoration,
      vscode.workspace.registerTextDocumentContentProvider(SERVER_LOG_SCHEME, this),
      vscode.languages.registerDocumentLinkProvider({ scheme: SERVER_LOG_SCHEME }, this),
      vscode.window.onDidChangeVisibleTextEditors(() => this.visibilityChanged()),
      vscode.workspace.onDidChangeTextDocument((e) => this.textChanged(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
      vscode.workspace.onDidOpenTextDocument((d) => this.reopened(d)),
      connection.onDidChange(() => {
        for (const doc of this.docs.values()) doc.connectionChanged();
      }),
    );
  }

  static uriOf(key: DocumentKey): vscode.Uri {
    return vscode.Uri.from({
      scheme: SERVER_LOG_SCHEME,
      authority: documentAuthority(key),
      path: documentPath(key),
    });
  }

  static keyOf(uri: vscode.Uri): DocumentKey | undefined {
    return uri.scheme === SERVER_LOG_SCHEME ? parseDocumentKey(uri.authority, uri.path) : undefined;
  }

  get(uri: vscode.Uri): ServerLogDocument | undefined {
    return this.docs.get(uri.toString());
  }

  /**
   * Reads (or reads again) the document of `deployment`'s component with the options asked for, then returns
   * it with the result of that read. The caller shows it (show()) or explains the refusal.
   */
  async load(
    target: ViewTarget,
    deployment: Deployment,
    req: OpenRequest,
  ): Promise<{ uri: vscode.Uri; doc: ServerLogDocument; result: ReadResult }> {
    if (deployment.id === undefined) throw new Error(`Deployment ${deployment.name} has no id yet.`);
    const key: DocumentKey = {
      ...target,
      deploymentId: deployment.id,
      deployment: deployment.name,
      component: req.component,
    };
    const uri = ServerLogDocuments.uriOf(key);
    const doc = this.docs.get(uri.toString()) ?? (await this.create(key, target));
    const options = { ...(req.options ?? doc.reader.options), component: req.component };
    const result = await doc.load(options, req.highlight);
    return { uri, doc, result };
  }

  /** Shows the document in an editor and, if asked, puts the cursor on a document line in the middle. */
  async show(uri: vscode.Uri, opts: { line?: number; beside?: boolean } = {}): Promise<vscode.TextEditor> {
    const doc = this.docs.get(uri.toString());
    let text = await vscode.workspace.openTextDocument(uri);
    // An open document gets the new text through onDidChange: wait until the editor has it before placing
    // the cursor on one of its lines.
    if (doc) text = await this.untilCurrent(text, doc);
    // The `.log` ending gives the Log language; setTextDocumentLanguage is not used: it closes and reopens the
    // document, which would end this one's reading.
    const editor = await vscode.window.showTextDocument(text, {
      preview: false,
      viewColumn: opts.beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
    });
    if (opts.line !== undefined && opts.line < text.lineCount) {
      const at = new vscode.Position(opts.line, 0);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
    }
    this.visibilityChanged();
    this.decorate(editor);
    return editor;
  }

  /** Drops a document no editor holds (one read only to find out why there is nothing to show). */
  forgetUnshown(uri: vscode.Uri): void {
    const key = uri.toString();
    if (vscode.workspace.textDocuments.some((t) => t.uri.toString() === key)) return;
    this.docs.get(key)?.dispose();
    this.docs.delete(key);
  }

  setFollowing(uri: vscode.Uri, on: boolean): void {
    this.docs.get(uri.toString())?.setFollowing(on);
  }

  probe(): ServerLogDocumentProbe[] {
    return [...this.docs.entries()].map(([uri, d]) => {
      const p: ServerLogDocumentProbe = {
        uri,
        deployment: d.key.deployment,
        component: d.key.component,
        options: d.reader.options,
        following: d.following,
        polling: d.polling,
        polls: d.polls,
        highlighted: d.highlightedBlocks().flatMap((b) => range(b.first, b.last)),
      };
      if (d.reader.refusal) p.refusal = d.reader.refusal.message;
      return p;
    });
  }

  // ---- TextDocumentContentProvider ----

  provideTextDocumentContent(uri: vscode.Uri): string {
    const doc = this.docs.get(uri.toString());
    if (doc) return doc.text;
    // A document VS Code reopens by itself (a restored tab, Go Back) after this one was closed: read it again.
    const key = ServerLogDocuments.keyOf(uri);
    if (!key) return '';
    this.revive(key);
    return `# Server logs of ${key.deployment} · ${key.component}: reading…\n`;
  }

  // ---- DocumentLinkProvider: each inference id leads to its row in the log panel ----

  provideDocumentLinks(text: vscode.TextDocument): vscode.DocumentLink[] {
    const doc = this.docs.get(text.uri.toString());
    if (!doc || text.getText() !== doc.text) return [];
    const links: vscode.DocumentLink[] = [];
    const model = doc.reader.model;
    model.lines.forEach((_, i) => {
      for (const id of model.idsIn(i)) {
        const line = doc.bodyStart + i;
        const args = encodeURIComponent(JSON.stringify([{ uri: text.uri.toString(), inferenceId: id.id }]));
        const link = new vscode.DocumentLink(
          new vscode.Range(line, id.start, line, id.end),
          vscode.Uri.parse(`command:${SERVER_LOG_COMMANDS.showRequest}?${args}`),
        );
        link.tooltip = 'Show this request in the inference-log panel';
        links.push(link);
      }
    });
    return links;
  }

  dispose(): void {
    for (const d of this.docs.values()) d.dispose();
    this.docs.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  // ---- internals ----

  private async create(key: DocumentKey, target: ViewTarget): Promise<ServerLogDocument> {
    const uri = ServerLogDocuments.uriOf(key);
    const existing = this.docs.get(uri.toString());
    if (existing) return existing;
    const archive = await this.hasArchive(target);
    const again = this.docs.get(uri.toString());
    if (again) return again;
    const doc = new ServerLogDocument(key, target, defaultOptions(key.component), archive, {
      api: () => this.projectOf(target),
      connection: () => this.connection.state,
      changed: () => this.changeEmitter.fire(uri),
      log: (line) => this.log.info(line),
    });
    this.docs.set(uri.toString(), doc);
    return doc;
  }

  /** A document of ours open in the editor without a reader (closed and opened again, e.g. a language change). */
  private reopened(text: vscode.TextDocument): void {
    const key = ServerLogDocuments.keyOf(text.uri);
    if (key && !this.docs.has(text.uri.toString())) this.revive(key);
  }

  private revive(key: DocumentKey): void {
    void this.create(key, key)
      .then((d) => d.load())
      .then(() => this.visibilityChanged());
  }

  private projectOf(target: ViewTarget) {
    return relationTo(target, this.connection.state).kind === 'same' ? this.connection.project : undefined;
  }

  /** Hopsworks 5.0+ keeps a log archive (source, since, until, pod); asked once per connection. */
  private hasArchive(target: ViewTarget): Promise<boolean> {
    const s = this.connection.state;
    if (s.kind !== 'connected' || !sameTarget(s.target, target)) return Promise.resolve(false);
    let known = this.versions.get(s.client);
    if (!known) {
      known = s.client
        .getBackendVersion()
        .then((v) => Number(/^(\d+)\./.exec(v ?? '')?.[1] ?? 0) >= 5)
        .catch(() => false);
      this.versions.set(s.client, known);
    }
    return known;
  }

  private visibilityChanged(): void {
    const shown = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
    for (const [uri, doc] of this.docs) doc.setVisible(shown.has(uri));
    for (const e of vscode.window.visibleTextEditors)
      if (e.document.uri.scheme === SERVER_LOG_SCHEME) this.decorate(e);
  }

  private readonly lineCounts = new Map<string, number>();

  private textChanged(text: vscode.TextDocument): void {
    if (text.uri.scheme !== SERVER_LOG_SCHEME) return;
    const key = text.uri.toString();
    const before = this.lineCounts.get(key);
    this.lineCounts.set(key, text.lineCount);
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== text) continue;
      this.decorate(editor);
      // Following like `tail -f`: an editor that showed the last line keeps showing it; one scrolled up stays.
      const doc = this.docs.get(key);
      const last = editor.visibleRanges[editor.visibleRanges.length - 1]?.end.line ?? 0;
      if (doc?.following && before !== undefined && text.lineCount > before && last >= before - 2) {
        editor.revealRange(new vscode.Range(text.lineCount - 1, 0, text.lineCount - 1, 0));
      }
    }
    this.waiters.get(key)?.forEach((w) => w());
  }

  private readonly waiters = new Map<string, Set<() => void>>();

  /**
   * The editor's copy of the document once it holds the text the document has now (or, if following keeps
   * changing it, after UNTIL_CURRENT_MS: then the cursor lands on a line that may have moved by the lines of
   * one poll — the header stays, lines are only added below).
   */
  private async untilCurrent(
    text: vscode.TextDocument,
    doc: ServerLogDocument,
  ): Promise<vscode.TextDocument> {
    const key = text.uri.toString();
    if (text.getText() === doc.text) return text;
    await new Promise<void>((resolve) => {
      const set = this.waiters.get(key) ?? new Set<() => void>();
      this.waiters.set(key, set);
      const finish = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const done = () => {
        if (text.getText() === doc.text) finish();
      };
      const timer = setTimeout(finish, UNTIL_CURRENT_MS);
      set.add(done);
      // The text may have arrived between the check above and now.
      done();
    });
    return text;
  }

  private decorate(editor: vscode.TextEditor): void {
    const doc = this.docs.get(editor.document.uri.toString());
    if (!doc) return;
    const current = editor.document.getText() === doc.text;
    const ranges = current ? doc.highlightedBlocks().map((b) => new vscode.Range(b.first, 0, b.last, 0)) : [];
    editor.setDecorations(this.highlightDecoration, ranges);
  }

  private closed(text: vscode.TextDocument): void {
    const key = text.uri.toString();
    const doc = this.docs.get(key);
    if (!doc) return;
    doc.dispose();
    this.docs.delete(key);
    this.lineCounts.delete(key);
  }
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
