// The replay at a glance: where it stands (progress, or how it ended and why), the counts by verdict, the
// share of compared predictions that changed, and the largest numeric differences.
import type { ReplayInfo, ReplayStatus } from '../../src/protocol/replay';
import { setBidiSafeText } from '../logViewer/bidiText';
import { el } from '../shared/dom';
import { PHASE_LABELS, count, formatDiff, percent } from './labels';

export class SummaryView {
  readonly el: HTMLElement;
  private readonly phase = el('span', { className: 'phase', id: 'phase' });
  private readonly progressText = el('span', { className: 'progress-text', id: 'progress-text' });
  private readonly bar = el('progress', {
    className: 'progress',
    attrs: { 'aria-labelledby': 'progress-text' },
  });
  private readonly banner = el('div', { className: 'stop-banner', attrs: { role: 'alert' } });
  private readonly counters = new Map<string, HTMLElement>();
  private readonly largestBody = el('tbody');
  private readonly largest: HTMLElement;

  constructor() {
    const counter = (key: string, label: string, title?: string) => {
      const value = el('span', { className: 'counter-value', id: `count-${key}`, text: '0' });
      this.counters.set(key, value);
      return el('div', { className: `counter counter-${key}`, title }, [
        value,
        el('span', { className: 'counter-label', text: label }),
      ]);
    };
    this.largest = el('section', { className: 'largest' }, [
      el('h2', { text: 'Largest differences' }),
      el('table', { className: 'largest-table' }, [
        el('thead', {}, [
          el(
            'tr',
            {},
            ['#', 'Inference id', 'Where', 'Logged', 'New', '|Δ|'].map((t) =>
              el('th', { text: t, attrs: { scope: 'col' } }),
            ),
          ),
        ]),
        this.largestBody,
      ]),
    ]);
    this.banner.hidden = true;
    this.largest.hidden = true;
    this.el = el('div', { className: 'summary' }, [
      el('div', { className: 'progress-line', attrs: { role: 'status' } }, [this.phase, this.progressText]),
      this.bar,
      this.banner,
      el('div', { className: 'counters' }, [
        counter('equal', 'equal'),
        counter('different', 'different', 'Predictions that changed beyond the tolerance'),
        counter('share', 'changed', 'Different ÷ (equal + different)'),
        counter('errors', 'errors', 'Requests that failed, or were abandoned when the replay stopped'),
        counter('unlogged', 'no logged prediction', 'Nothing was logged back then to compare with'),
      ]),
      this.largest,
    ]);
  }

  render(info: ReplayInfo, s: ReplayStatus): void {
    const c = s.counts;
    this.phase.textContent = PHASE_LABELS[s.phase];
    this.phase.dataset.phase = s.phase;
    const sent = s.phase === 'running' ? `${count(c.sent)} sent, ` : '';
    this.progressText.textContent =
      `${sent}${count(c.answered)} of ${count(c.planned)} answered` +
      (s.durationMs !== undefined ? ` in ${(s.durationMs / 1000).toFixed(1)} s` : '') +
      (s.phase === 'cancelled' ? ` · ${count(c.planned - c.sent)} not sent` : '');
    this.bar.max = Math.max(1, info.planned);
    this.bar.value = c.answered;
    this.banner.hidden = s.phase !== 'stopped';
    if (s.phase === 'stopped') {
      this.banner.replaceChildren(
        text(el('p', { className: 'stop-reason' }), s.stopReason ?? 'The replay stopped.'),
        text(el('p', { className: 'stop-action' }), s.stopAction ?? ''),
      );
    }
    const set = (k: string, v: string) => {
      const e = this.counters.get(k);
      if (e && e.textContent !== v) e.textContent = v;
    };
    set('equal', count(c.equal));
    set('different', count(c.different));
    set('share', percent(s.shareDifferent));
    set('errors', count(c.errors));
    set('unlogged', count(c.noLoggedPrediction));
    this.counters.get('different')?.parentElement?.classList.toggle('is-flagged', c.different > 0);
    this.counters.get('errors')?.parentElement?.classList.toggle('is-flagged', c.errors > 0);
    this.largest.hidden = s.largest.length === 0;
    this.largestBody.replaceChildren(
      ...s.largest.map((d) =>
        el(
          'tr',
          {},
          [String(d.index + 1), d.inferenceId || '—', d.path, d.logged, d.fresh, formatDiff(d.absDiff)].map(
            (t) => text(el('td'), t),
          ),
        ),
      ),
    );
  }
}

function text<T extends HTMLElement>(e: T, t: string): T {
  setBidiSafeText(e, t);
  return e;
}
