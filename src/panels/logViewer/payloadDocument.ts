// "Open Full Payload": a logged body, whole, in an untitled editor (JSON bodies as language json). The detail
// pane shows a bounded prefix; this is where a 100 MB body can be read, searched and saved. The body goes in
// by slices of PAYLOAD_SLICE_CHARS, each one edit awaited before the next, so the extension host is never
// busy for long with it (the other extensions share it) and a closed editor stops the writing.
import * as vscode from 'vscode';
import type { FullPayload } from '../../inferenceLog/fullPayload';
import { payloadSlices } from '../../inferenceLog/fullPayload';
import { PRETTY_MAX_CHARS, prettyJsonPrefix } from '../../inferenceLog/prettyPrefix';

function isJson(p: FullPayload): boolean {
  return p.format === 'v1' || p.format === 'v2' || p.format === 'json';
}

/**
 * The text the editor gets: a JSON body that fits the bounded printer is indented (as the detail pane shows
 * it); a bigger one, or anything else, exactly as logged.
 */
export function payloadDocumentText(p: FullPayload): string {
  if (!isJson(p) || p.chars > PRETTY_MAX_CHARS) return p.text;
  const pretty = prettyJsonPrefix(p.text);
  return pretty.parsed ? pretty.text : p.text;
}

/**
 * Opens `payload` in an untitled editor called `name` (+ .json or .txt). Opening the same message again
 * shows the editor that has it, if it is still open and whole.
 */
export async function openPayloadDocument(
  payload: FullPayload,
  name: string,
  sliceChars?: number,
): Promise<vscode.TextDocument> {
  const json = isJson(payload);
  const text = payloadDocumentText(payload);
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `${name}.${json ? 'json' : 'txt'}` });
  const existing = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (existing && existing.getText().length === text.length) {
    await vscode.window.showTextDocument(existing, { preview: false });
    return existing;
  }
  // An untitled document of that name left half-written (closed while writing, or edited): start anew.
  const doc = existing
    ? await vscode.workspace.openTextDocument({ language: json ? 'json' : 'plaintext' })
    : await vscode.workspace.openTextDocument(uri);
  const typed =
    doc.languageId === (json ? 'json' : 'plaintext')
      ? doc
      : await vscode.languages.setTextDocumentLanguage(doc, json ? 'json' : 'plaintext');
  await vscode.window.showTextDocument(typed, { preview: false });
  for (const slice of payloadSlices(text, sliceChars)) {
    if (typed.isClosed) break;
    const edit = new vscode.WorkspaceEdit();
    const end = typed.lineAt(typed.lineCount - 1).range.end;
    edit.insert(typed.uri, end, slice);
    if (!(await vscode.workspace.applyEdit(edit))) {
      throw new Error(
        'VS Code did not take the payload into the editor; try Copy as JSON or Export instead.',
      );
    }
  }
  return typed;
}
