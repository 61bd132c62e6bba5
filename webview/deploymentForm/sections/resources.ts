// The predictor's resources: requests and limits of cores, memory and GPUs. The cluster's maximums and the
// request ≤ limit rules are validation's (src/deployments/validate.ts); this section only lays them out.
import type { FieldId } from '../../../src/deployments';
import { resourcesTexts } from '../../../src/deployments';
import { el } from '../../shared/dom';
import { required } from '../fields';
import type { SectionDefinition } from '../section';

export const resourcesSection: SectionDefinition = {
  placement: 'advanced',
  build({ spec, fields }) {
    const grid = el('div', { className: 'grid3' });
    for (const side of ['requests', 'limits'] as const) {
      for (const kind of ['cores', 'memory', 'gpus'] as const) {
        const field = `resources.${side}.${kind}` satisfies FieldId;
        grid.append(fields.number(field, required(spec.resources[side], kind)).box);
      }
    }
    const section = el('fieldset', { id: 'resources' }, [
      el('legend', { text: 'Resources (predictor)' }),
      grid,
      el('p', { className: 'hint', text: resourcesTexts.explain }),
    ]);
    return { el: section, render: () => {} };
  },
};
