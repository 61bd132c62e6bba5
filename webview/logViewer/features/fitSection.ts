// The detail pane's "Model schema" section: whether the selected row's request fits the model's schema (or
// its input example), and every reason when it does not.
import type { RowFitView } from '../../../src/protocol/logViewerFeatures';
import { el } from '../../shared/dom';
import { setBidiSafeText } from '../bidiText';

export function fitSection(fit: RowFitView): HTMLElement {
  const verdict =
    fit.verdict === 'fits'
      ? `Fits ${fit.against ?? "the model's schema"}.`
      : fit.verdict === 'misfit'
        ? `Does not fit ${fit.against ?? "the model's schema"}:`
        : 'Not checked: the model version has no schema or input example to check against.';
  const parts: HTMLElement[] = [el('p', { className: `fit-verdict is-${fit.verdict}`, text: verdict })];
  if (fit.reasons.length > 0) {
    parts.push(
      el(
        'ul',
        { className: 'fit-reasons' },
        fit.reasons.map((r) => {
          const li = el('li');
          setBidiSafeText(li, r);
          return li;
        }),
      ),
    );
  }
  return el('section', { className: 'detail-section detail-fit' }, [
    el('h3', { text: 'Model schema' }),
    ...parts,
  ]);
}
