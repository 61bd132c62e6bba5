// Hopsworks 4.8+, vLLM deployments: the image variant (VLLM or VLLM_OMNI) and tag; empty = the cluster's default.
// Shown only with the vLLM model server, whose options they are, in the simplified form beside its
// configuration file.
import { keptNote, vllmTexts } from '../../../src/deployments';
import { VLLM_VARIANTS } from '../../../src/hopsworks/types';
import { el } from '../../shared/dom';
import type { Binding } from '../fields';
import type { SectionDefinition } from '../section';
import { show } from '../section';

export const vllmSection: SectionDefinition = {
  placement: 'basic',
  appliesTo: (ctx) => ctx.features.envVars,
  build({ context: ctx, spec, fields, edited }) {
    spec.vllm ??= {};
    const vllm = spec.vllm;
    const variant = fields.dropdown('vllm.variant');
    variant.list.onInput(() => {
      const value = variant.list.get();
      if (value === '') delete vllm.variant;
      else vllm.variant = value;
      edited('vllm.variant');
    });
    variant.hint.textContent = vllmTexts.variant;
    const tagBinding: Binding<string | undefined> = {
      get: () => vllm.imageTag,
      set: (v) => {
        if (v === undefined || v === '') delete vllm.imageTag;
        else vllm.imageTag = v;
      },
    };
    const tag = fields.text('vllm.imageTag', tagBinding);
    tag.hint.textContent = vllmTexts.imageTag;
    const section = el('fieldset', { id: 'vllm' }, [
      el('legend', { text: 'vLLM' }),
      el('div', { className: 'row' }, [variant.box, tag.box]),
    ]);
    return {
      el: section,
      write() {
        // A variant a newer server sent is offered as it came, so it can stay chosen.
        const current = vllm.variant;
        const known: readonly string[] = VLLM_VARIANTS;
        variant.list.setChoices([
          { value: '', label: 'Cluster default' },
          ...VLLM_VARIANTS.map((v) => ({ value: v, label: v })),
          ...(current !== undefined && !known.includes(current) ? [{ value: current, label: current }] : []),
        ]);
        variant.list.set(current ?? '');
      },
      render(a) {
        show(section, a.vllmOptions);
        variant.hint.textContent = keptNote(spec, ctx.existing, 'vllm.variant') ?? vllmTexts.variant;
        tag.hint.textContent = keptNote(spec, ctx.existing, 'vllm.imageTag') ?? vllmTexts.imageTag;
      },
    };
  },
};
