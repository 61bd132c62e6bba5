// The text of a server-log document: a short header that says what is shown and how to change it, then the
// lines. The header changes only when a choice or the follow state changes (never on a poll), so following adds
// lines at the end and the lines above never move. Pure.
import type { DeploymentComponent } from '../hopsworks/types';
import type { LineBlock, ServerLogModel } from './logModel';
import type { ServerLogOptions } from './options';
import { describeOptions, FOLLOW_INTERVAL_MS, utcTime } from './options';

export type FollowState = 'following' | 'paused' | 'window' | 'disconnected';

export interface DocumentHeader {
  deployment: string;
  component: DeploymentComponent;
  /** e.g. "project mlops on c.app.hopsworks.ai" */
  where: string;
  options: ServerLogOptions;
  follow: FollowState;
  /** the request whose lines are highlighted */
  highlight?: { inferenceId: string; timeMs?: number };
  /** the tag shown for a pod on its lines */
  tagOf(pod: string): string;
}

export interface RenderedDocument {
  text: string;
  /** document line of the model's first line */
  bodyStart: number;
}

const FOLLOW_TEXT: Readonly<Record<FollowState, string>> = {
  following: `following: new lines every ${FOLLOW_INTERVAL_MS / 1000} s while this editor is shown`,
  paused: 'paused: Follow (editor title) reads new lines again',
  window: 'a closed time range: not followed',
  disconnected: 'not connected: following goes on once this project is connected again',
};

export function headerLines(
  h: DocumentHeader,
  model: ServerLogModel,
  blocks?: readonly LineBlock[],
): string[] {
  const lines = [
    `# Server logs of ${h.deployment} · ${h.component} · ${h.where}`,
    `# ${describeOptions(h.options)} · ${FOLLOW_TEXT[h.follow]}`,
  ];
  if (h.highlight) {
    const at = h.highlight.timeMs !== undefined ? ` at ${utcTime(h.highlight.timeMs)} UTC` : '';
    const found =
      blocks && blocks.length > 0
        ? `its ${blocks.length === 1 ? 'lines are' : `lines (${blocks.length} places) are`} highlighted`
        : 'no line shown names it';
    lines.push(`# Request ${h.highlight.inferenceId}${at}: ${found}`);
  }
  for (const pod of model.pods) lines.push(`# Pod ${h.tagOf(pod)} = ${pod}`);
  if (model.dropped > 0) {
    lines.push(
      `# ${model.dropped.toLocaleString('en-US')} older lines dropped: a document keeps the newest ${model.maxLines.toLocaleString('en-US')}`,
    );
  }
  lines.push(
    '# Server Log Options (editor title): lines, pod, component, source. Ctrl+click an inference id: its request in the inference-log panel.',
    '',
  );
  return lines;
}

export function renderDocument(h: DocumentHeader, model: ServerLogModel): RenderedDocument {
  const blocks = h.highlight ? model.blocksNaming(h.highlight.inferenceId) : undefined;
  const header = headerLines(h, model, blocks);
  const body = model.lines.map((l) => model.render(l));
  return { text: [...header, ...body].join('\n') + (body.length > 0 ? '\n' : ''), bodyStart: header.length };
}
