// Request batching: on or off, and on KServe the batch size, latency and timeout (blank = the server's).
import type { BatchingSpec } from '../../../src/deployments';
import { batchingTexts } from '../../../src/deployments';
import { el } from '../../shared/dom';
import type { Binding } from '../fields';
import { prop } from '../fields';
import type { SectionDefinition } from '../section';
import { show } from '../section';

/** An optional number: blank removes it, so the server's default applies. */
function optional(
  b: BatchingSpec,
  key: 'maxBatchSize' | 'maxLatency' | 'timeout',
): Binding<number | undefined> {
  return {
    get: () => b[key],
    set: (v) => {
      if (v === undefined) delete b[key];
      else b[key] = v;
    },
  };
}

export const batchingSection: SectionDefinition = {
  placement: 'advanced',
  build({ spec, fields }) {
    const slot = fields.checkbox('batching', prop(spec.batching, 'enabled'));
    const fine = el('div', { className: 'grid3', id: 'box-batching-fine' }, [
      fields.number('batching.maxBatchSize', optional(spec.batching, 'maxBatchSize')).box,
      fields.number('batching.maxLatency', optional(spec.batching, 'maxLatency')).box,
      fields.number('batching.timeout', optional(spec.batching, 'timeout')).box,
    ]);
    const section = el('fieldset', { id: 'batching' }, [
      el('legend', { text: 'Request batching' }),
      slot.box,
      fine,
    ]);
    return {
      el: section,
      render(a) {
        // Where batching cannot apply the box is locked off; left on, it stays free so the user can untick it.
        slot.control.setDisabled(!a.batching && !spec.batching.enabled);
        show(fine, spec.batching.enabled && a.batchingFineGrained);
        slot.hint.textContent = batchingTexts.explain(a);
      },
    };
  },
};
