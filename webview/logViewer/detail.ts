// The detail pane of the selected row: pretty-printed request and response, times, codes, the Kafka
// position (framing, partition, offset) and, for undecodable messages, the error and a hex preview.
// Everything is set as text, each value isolated from its neighbours' bidi control characters.
import type { KafkaMeta, PayloadHalf, PayloadView, RowDetail } from '../../src/protocol/logViewer';
import { decodedWith, payloadHeading } from './fidelity/payloadActions';
import { button } from '../shared/toolkit';
import { DetailFrame, detailNote, detailSection, factList, textBlock } from '../shared/detailParts';
import { el } from '../shared/dom';
import { KIND_LABELS, OUTCOME_LABELS, formatDateTime, formatLatency, formatStatus } from './format';
import { fitSection } from './features/fitSection';

export class DetailPane {
  readonly el: HTMLElement;
  private readonly frame: DetailFrame;
  private readonly copy = button('detail-copy', 'Copy as JSON', 'secondary');
  private readonly close = button('detail-close', 'Close', 'secondary');
  private shown: RowDetail | null = null;
  /** The schema version the topic is bound to (from the panel's info): rows decoded with another say so. */
  topicSchemaVersion: number | undefined;

  constructor(
    private readonly opts: {
      onCopy(id: number): void;
      onClose(): void;
      onOpenPayload?: (id: number, half: PayloadHalf) => void;
    },
  ) {
    this.copy.onClick(() => {
      if (this.shown) opts.onCopy(this.shown.id);
    });
    this.close.onClick(() => opts.onClose());
    this.frame = new DetailFrame('Event detail', 'Event', [this.copy.el, this.close.el]);
    this.el = this.frame.el;
  }

  /** Adds a button about the shown row, before Close (features mount their own actions here). */
  addAction(action: HTMLElement): void {
    this.close.el.before(action);
  }

  get shownId(): number | undefined {
    return this.shown?.id;
  }

  /** Rev of what is shown, to refresh when the row changed (a response joined, a timeout). */
  get shownKey(): string | undefined {
    return this.shown
      ? `${this.shown.id}:${this.shown.outcome}:${this.shown.httpCode}:${this.shown.kind}`
      : undefined;
  }

  hide(): void {
    this.shown = null;
    this.frame.hide();
  }

  showGone(id: number): void {
    this.shown = null;
    this.frame.show([detailNote(`Event #${id} is no longer held (cleared, or pushed out by the limit).`)]);
  }

  show(d: RowDetail): void {
    this.shown = d;
    const facts: [string, string][] = [
      ['Kind', KIND_LABELS[d.kind]],
      ['Outcome', OUTCOME_LABELS[d.outcome]],
      [
        'Time',
        `${formatDateTime(d.timeMs)}${d.timeResolutionMs >= 1000 ? ' (logged in whole seconds)' : ''}`,
      ],
    ];
    if (d.kind !== 'raw') {
      facts.push(['Deployment', `${d.model} (id ${d.servingId})`], ['Model version', String(d.modelVersion)]);
      facts.push(['HTTP code', formatStatus(d)]);
      if (d.latencyMs !== undefined) facts.push(['Latency', formatLatency(d.latencyMs, d.timeResolutionMs)]);
      if (d.inferenceId) facts.push(['Inference id', d.inferenceId]);
      if (d.messageType !== undefined) facts.push(['messageType', d.messageType]);
      for (const [k, v] of Object.entries(d.extra ?? {})) facts.push([k, String(v)]);
    }
    const sections: HTMLElement[] = [factList(facts)];
    if (d.fit && d.kind !== 'raw') sections.push(fitSection(d.fit));
    if (d.error !== undefined)
      sections.push(detailSection('Decoding error', textBlock(d.error, 'detail-error')));
    if (d.hexPreview !== undefined)
      sections.push(detailSection('Raw bytes (hex)', textBlock(d.hexPreview, 'detail-hex')));
    if (d.request) sections.push(this.payloadSection('request', `Request (${d.request.format})`, d.request));
    if (d.response)
      sections.push(this.payloadSection('response', `Response (${d.response.format})`, d.response));
    const v = this.topicSchemaVersion;
    sections.push(
      detailSection(d.responseKafka ? 'Kafka (request)' : 'Kafka', factList(kafkaFacts(d.kafka, v))),
    );
    if (d.responseKafka)
      sections.push(detailSection('Kafka (response)', factList(kafkaFacts(d.responseKafka, v))));
    this.frame.show(sections);
  }

  private payloadSection(half: PayloadHalf, title: string, p: PayloadView): HTMLElement {
    const open = this.opts.onOpenPayload;
    if (!open) return detailSection(title, payload(p));
    const id = this.shown?.id ?? -1;
    return el('section', { className: 'detail-section' }, [
      payloadHeading(title, half, (h) => open(id, h)),
      payload(p),
    ]);
  }
}

function kafkaFacts(k: KafkaMeta, topicVersion?: number): [string, string][] {
  const f: [string, string][] = [
    ['Partition', String(k.partition)],
    ['Offset', k.offset],
    ['Kafka time', formatDateTime(k.timestampMs)],
    ['Size', `${k.size.toLocaleString('en-US')} bytes`],
  ];
  if (k.framing)
    f.push(['Framing', k.framing === 'bare' ? 'bare Avro' : 'Confluent (magic byte + schema id)']);
  if (k.schemaId !== undefined) f.push(['Schema id', String(k.schemaId)]);
  if (k.schemaVersion !== undefined) f.push(['Decoded with', decodedWith(k.schemaVersion, topicVersion)]);
  if (k.key !== undefined) f.push(['Key', k.key]);
  return f;
}

function payload(p: PayloadView): HTMLElement {
  const box = textBlock(p.text, `detail-payload f-${p.format}`);
  if (!p.truncated) return box;
  return el('div', {}, [box, detailNote('Cut here: Open Full Payload shows all of it.')]);
}
