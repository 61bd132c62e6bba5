// The transformer (KServe only, not with vLLM): its script and instances. Its instances follow the serving
// tool until the user sets them, like the predictor's.
import { defaultInstances, transformerTexts } from '../../../src/deployments';
import { el } from '../../shared/dom';
import { prop, required } from '../fields';
import type { SectionDefinition } from '../section';
import { show } from '../section';

export const transformerSection: SectionDefinition = {
  placement: 'advanced',
  build({ context: ctx, spec, touched, fields }) {
    const note = el('p', { className: 'note', id: 'transformer-note' });
    const script = fields.text('transformer.script', prop(spec.transformer, 'script'));
    script.hint.textContent = transformerTexts.script;
    const instances = fields.number('transformer.instances', required(spec.transformer, 'instances'));
    instances.hint.textContent = transformerTexts.instances;
    const box = el('div', { className: 'row', id: 'box-transformer' }, [script.box, instances.box]);
    const section = el('fieldset', { id: 'transformer' }, [el('legend', { text: 'Transformer' }), note, box]);
    return {
      el: section,
      derive(field) {
        if (field === 'servingTool' && !touched.has('transformer.instances')) {
          spec.transformer.instances = defaultInstances(spec.servingTool, ctx.variables);
        }
      },
      render(a) {
        show(box, a.transformer);
        show(note, !a.transformer);
        note.textContent = transformerTexts.unavailableNote(spec.modelServer === 'VLLM');
        instances.control.setDisabled(!spec.transformer.script?.trim());
        // 4.6+: the transformer's minimum is in the Scaling section.
        show(instances.box, spec.transformer.scaling === undefined);
      },
    };
  },
};
