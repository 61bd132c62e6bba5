// The deployment form: builds the controls once per loaded deployment, keeps the spec in step with what the
// user types, and shows the same rules the server applies (src/deployments) next to each field as they type.
// Everything that came from Hopsworks is put into the page as text (textContent), never parsed as HTML.
import type { DeploymentSpec, FieldErrors, FieldId, ValidationContext } from '../../src/deployments';
import { eligibleLoggerTopics, formAvailability, modelServersFor, validateSpec } from '../../src/deployments';
import { defaultDeploymentName, defaultInstances } from '../../src/deployments/defaults';
import type { InferenceLoggingMode, ModelServer, ServingTool } from '../../src/hopsworks/types';
import type { FormInit, ProgressEvent, SubmitAction, SubmitResult } from '../../src/protocol/deploymentForm';
import { FIELD_LABELS } from '../../src/protocol/deploymentForm';
import type { Choice, Control } from '../shared/toolkit';
import {
  button,
  checkbox,
  divider,
  dropdown,
  progressRing,
  radioGroup,
  textArea,
  textField,
} from '../shared/toolkit';
import type { NumericField, TopicDraft } from './specFields';
import { formatNumber, parseNumber, plainSpec, readNumber, topicFor, writeNumber } from './specFields';

export type Submit = (action: SubmitAction, spec: DeploymentSpec) => Promise<SubmitResult>;

const ADVANCED_FIELDS: ReadonlySet<FieldId> = new Set<FieldId>([
  'logger.topic',
  'logger.partitions',
  'logger.replicas',
  'logger.mode',
  'resources.requests.cores',
  'resources.requests.memory',
  'resources.requests.gpus',
  'resources.limits.cores',
  'resources.limits.memory',
  'resources.limits.gpus',
  'batching',
  'batching.maxBatchSize',
  'batching.maxLatency',
  'batching.timeout',
  'transformer.script',
  'transformer.instances',
  'apiProtocol',
  'environment',
  'description',
]);

const SERVER_LABELS: Record<ModelServer, string> = {
  PYTHON: 'Python',
  TENSORFLOW_SERVING: 'TensorFlow Serving',
  VLLM: 'vLLM',
};

const MODE_CHOICES: Choice[] = [
  { value: 'ALL', label: 'Model inputs and predictions' },
  { value: 'MODEL_INPUTS', label: 'Model inputs only' },
  { value: 'PREDICTIONS', label: 'Predictions only' },
];

type TopicKind = 'CREATE' | 'EXISTING' | 'NONE';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

const domId = (f: FieldId) => f.replace(/\./g, '-');

/** One field's furniture: the control plus its hint and error lines. */
interface FieldSlot {
  box: HTMLElement;
  control: Control<string> | Control<boolean>;
  hint: HTMLElement;
  error: HTMLElement;
}

export class DeploymentFormView {
  readonly #root: HTMLElement;
  readonly #submit: Submit;
  #init!: FormInit;
  #spec!: DeploymentSpec;
  #draft!: TopicDraft;
  #topicKind: TopicKind = 'CREATE';
  /** The KServe mode the user chose, restored when they switch back to KServe. */
  #kserveMode: InferenceLoggingMode = 'ALL';
  #touched = new Set<FieldId>();
  /** The server's word on a field, kept until the user edits that field. */
  #serverErrors: FieldErrors = {};
  #formError: string | undefined;
  #result: string | undefined;
  #busy = false;
  #advancedOpen = false;

  #slots = new Map<FieldId, FieldSlot>();
  #numbers = new Map<NumericField, Control<string>>();
  #parts!: {
    title: HTMLElement;
    subtitle: HTMLElement;
    formError: HTMLElement;
    result: HTMLElement;
    progress: HTMLElement;
    progressText: HTMLElement;
    summary: HTMLElement;
    advancedToggle: HTMLButtonElement;
    advanced: HTMLElement;
    buttons: { el: HTMLElement; setDisabled(d: boolean): void }[];
    servingTool: ReturnType<typeof radioGroup>;
    version: ReturnType<typeof dropdown>;
    modelServer: ReturnType<typeof dropdown>;
    predictorNote: HTMLElement;
    topicKind: ReturnType<typeof radioGroup>;
    existingTopic: ReturnType<typeof dropdown>;
    excluded: HTMLDetailsElement;
    createTopic: HTMLElement;
    existingBox: HTMLElement;
    modeFixed: HTMLElement;
    loggerNote: HTMLElement;
    batchingFine: HTMLElement;
    transformerBox: HTMLElement;
    transformerNote: HTMLElement;
  };

  constructor(root: HTMLElement, submit: Submit) {
    this.#root = root;
    this.#submit = submit;
  }

  /** (Re)builds the form for a loaded deployment or model version. */
  load(init: FormInit): void {
    this.#init = init;
    this.#spec = structuredClone(init.spec);
    const topic = this.#spec.logger.topic;
    this.#topicKind = topic.kind;
    this.#draft = {
      partitions: topic.kind === 'CREATE' ? topic.partitions : 1,
      replicas: topic.kind === 'CREATE' ? topic.replicas : 1,
      existingName: topic.kind === 'EXISTING' ? topic.name : '',
    };
    if (this.#spec.servingTool === 'KSERVE') this.#kserveMode = this.#spec.logger.mode;
    this.#touched = new Set(init.context.mode === 'edit' ? ['name'] : []);
    this.#serverErrors = {};
    this.#formError = undefined;
    this.#slots.clear();
    this.#numbers.clear();
    this.#build();
    this.#writeControls();
    this.#update();
  }

  showProgress(e: ProgressEvent): void {
    this.#parts.progressText.textContent = e.message;
  }

  /** Shows a problem that is not about one field (e.g. the form could not load). */
  showFormError(message: string): void {
    this.#formError = message;
    this.#update();
    this.#parts.formError.focus();
  }

  // ---- building ----

  #build(): void {
    const ctx = this.#init.context;
    const editing = ctx.mode === 'edit';
    const main = el('main', { class: 'form', 'aria-labelledby': 'form-title' });
    const title = el('h1', { id: 'form-title' });
    const subtitle = el('p', { class: 'subtitle' });
    const formError = el('div', { id: 'form-error', class: 'banner error', role: 'alert', tabindex: '-1' });
    const result = el('div', { id: 'form-result', class: 'banner info', role: 'status' });
    main.append(title, subtitle, formError, result);

    // Simplified form
    const basic = el('section', { 'aria-labelledby': 'basic-heading' });
    basic.append(el('h2', { id: 'basic-heading' }, 'Deployment'));
    basic.append(this.#textSlot('name', 'Name').box);

    const modelRow = el('div', { class: 'field', id: 'box-model' });
    const versionLabel = el('label', { id: 'label-model', for: 'f-model' }, 'Model version');
    const version = dropdown('f-model', versionLabel);
    const modelName = el('span', { class: 'model-name' }, this.#spec.model.name);
    const modelHint = el('p', { class: 'hint', id: 'h-model' });
    const modelError = el('p', { class: 'error', id: 'e-model', 'aria-live': 'polite' });
    const modelLine = el('div', { class: 'inline' });
    modelLine.append(modelName, version.el);
    modelRow.append(versionLabel, modelLine, modelHint, modelError);
    this.#slots.set('model', { box: modelRow, control: version, hint: modelHint, error: modelError });
    version.setChoices(
      ctx.versions.map((x) => ({ value: String(x.version), label: `v${x.version} · ${x.framework}` })),
    );
    version.onInput(() => this.#onVersion());
    basic.append(modelRow);

    const servingTool = radioGroup('f-servingTool', 'Serving tool', [
      { value: 'KSERVE', label: 'KServe' },
      { value: 'DEFAULT', label: 'Default (Kubernetes deployment)' },
    ]);
    basic.append(this.#slot('servingTool', servingTool).box);
    servingTool.onInput(() => this.#onServingTool());

    const serverLabel = el('label', { id: 'label-modelServer', for: 'f-modelServer' }, 'Model server');
    const modelServer = dropdown('f-modelServer', serverLabel);
    const serverSlot = this.#slot('modelServer', modelServer, serverLabel);
    basic.append(serverSlot.box);
    modelServer.onInput(() => {
      this.#spec.modelServer = modelServer.get() as ModelServer;
      this.#edited('modelServer');
    });

    const predictor = this.#textSlot('predictor', 'Predictor script', {
      placeholder: `/Projects/${ctx.projectName}/Models/${this.#spec.model.name}/${this.#spec.model.version}/predict.py`,
    });
    const predictorNote = el('p', { class: 'note', id: 'predictor-note' });
    basic.append(predictor.box, predictorNote);
    basic.append(this.#textSlot('configFile', 'Model server configuration file (vLLM)').box);
    basic.append(this.#numberSlot('requestedInstances', 'Instances').box);
    main.append(basic);

    // Advanced options
    const advancedToggle = el(
      'button',
      {
        type: 'button',
        class: 'disclosure',
        id: 'advanced-toggle',
        'aria-expanded': 'false',
        'aria-controls': 'advanced',
      },
      'Advanced options',
    );
    advancedToggle.addEventListener('click', () => {
      this.#advancedOpen = !this.#advancedOpen;
      this.#update();
    });
    const advanced = el('div', {
      id: 'advanced',
      class: 'advanced',
      role: 'group',
      'aria-label': 'Advanced options',
    });
    main.append(advancedToggle, advanced);

    const logger = el('fieldset', { id: 'logger' });
    logger.append(el('legend', {}, 'Inference logger'));
    const loggerNote = el('p', { class: 'note', id: 'logger-note' });
    const topicKind = radioGroup('f-logger-topic', 'Kafka topic', [
      { value: 'CREATE', label: 'Create a new topic' },
      { value: 'EXISTING', label: 'Use an existing topic' },
      { value: 'NONE', label: 'No inference logging' },
    ]);
    const topicSlot = this.#slot('logger.topic', topicKind);
    topicKind.onInput(() => {
      this.#topicKind = topicKind.get() as TopicKind;
      this.#edited('logger.topic');
    });
    const existingLabel = el(
      'label',
      { id: 'label-existing-topic', for: 'f-existing-topic' },
      'Existing topic',
    );
    const existingTopic = dropdown('f-existing-topic', existingLabel);
    existingTopic.onInput(() => {
      this.#draft.existingName = existingTopic.get();
      this.#edited('logger.topic');
    });
    const excluded = el('details', { class: 'excluded', id: 'excluded-topics' });
    const existingBox = el('div', { class: 'field', id: 'box-existing-topic' });
    existingBox.append(existingLabel, existingTopic.el);
    const createTopic = el('div', { class: 'row', id: 'box-create-topic' });
    createTopic.append(
      this.#numberSlot('logger.partitions', 'Partitions').box,
      this.#numberSlot('logger.replicas', 'Replicas').box,
    );
    const mode = radioGroup('f-logger-mode', 'What to log', MODE_CHOICES);
    const modeSlot = this.#slot('logger.mode', mode);
    const modeFixed = el('p', { class: 'note', id: 'mode-fixed' });
    modeSlot.box.append(modeFixed);
    mode.onInput(() => {
      this.#spec.logger.mode = mode.get() as InferenceLoggingMode;
      this.#kserveMode = this.#spec.logger.mode;
      this.#edited('logger.mode');
    });
    logger.append(loggerNote, topicSlot.box, existingBox, excluded, createTopic, modeSlot.box);

    const resources = el('fieldset', { id: 'resources' });
    resources.append(el('legend', {}, 'Resources (predictor)'));
    const grid = el('div', { class: 'grid3' });
    for (const side of ['requests', 'limits'] as const) {
      for (const [kind, label] of [
        ['cores', 'cores'],
        ['memory', 'memory (MB)'],
        ['gpus', 'GPUs'],
      ] as const) {
        const f = `resources.${side}.${kind}` as NumericField;
        grid.append(this.#numberSlot(f, `${side === 'requests' ? 'Requested' : 'Limit of'} ${label}`).box);
      }
    }
    resources.append(
      grid,
      el('p', { class: 'hint' }, 'A limit of -1 means no limit (where the cluster allows it).'),
    );

    const batching = el('fieldset', { id: 'batching' });
    batching.append(el('legend', {}, 'Request batching'));
    const batchOn = checkbox('f-batching', 'Batch requests');
    const batchSlot = this.#slot('batching', batchOn);
    batchOn.onInput(() => {
      this.#spec.batching.enabled = batchOn.get();
      this.#edited('batching');
    });
    const batchingFine = el('div', { class: 'grid3', id: 'box-batching-fine' });
    batchingFine.append(
      this.#numberSlot('batching.maxBatchSize', 'Maximum batch size').box,
      this.#numberSlot('batching.maxLatency', 'Maximum latency (ms)').box,
      this.#numberSlot('batching.timeout', 'Timeout (s)').box,
    );
    batching.append(batchSlot.box, batchingFine);

    const transformer = el('fieldset', { id: 'transformer' });
    transformer.append(el('legend', {}, 'Transformer'));
    const transformerNote = el('p', { class: 'note', id: 'transformer-note' });
    const transformerBox = el('div', { class: 'row', id: 'box-transformer' });
    transformerBox.append(
      this.#textSlot('transformer.script', 'Transformer script (.py or .ipynb, optional)').box,
      this.#numberSlot('transformer.instances', 'Transformer instances').box,
    );
    transformer.append(transformerNote, transformerBox);

    const other = el('fieldset', { id: 'other' });
    other.append(el('legend', {}, 'Endpoint and environment'));
    const protocol = radioGroup('f-apiProtocol', 'API protocol', [
      { value: 'REST', label: 'REST' },
      { value: 'GRPC', label: 'gRPC' },
    ]);
    const protocolSlot = this.#slot('apiProtocol', protocol);
    protocol.onInput(() => {
      this.#spec.apiProtocol = protocol.get() as DeploymentSpec['apiProtocol'];
      this.#edited('apiProtocol');
    });
    if (editing) {
      protocol.setDisabled(true);
      protocolSlot.hint.textContent = 'The API protocol is fixed once a deployment is created.';
    } else {
      protocolSlot.hint.textContent =
        'gRPC needs the Python model server. It cannot be changed after creation.';
    }
    other.append(protocolSlot.box);
    other.append(this.#textSlot('environment', 'Python environment (empty = the server’s default)').box);
    const description = textArea('f-description', 'Description');
    const descSlot = this.#slot('description', description);
    description.onInput(() => {
      this.#spec.description = description.get();
      this.#edited('description');
    });
    other.append(descSlot.box);

    advanced.append(
      logger,
      divider(),
      resources,
      divider(),
      batching,
      divider(),
      transformer,
      divider(),
      other,
    );

    // Actions
    const summary = el('p', { class: 'summary', id: 'form-summary', 'aria-live': 'polite' });
    const actions = el('div', { class: 'actions' });
    const buttons: { el: HTMLElement; setDisabled(d: boolean): void }[] = [];
    const add = (id: string, label: string, action: SubmitAction, look: 'primary' | 'secondary') => {
      const b = button(id, label, look);
      b.onClick(() => void this.#onSubmit(action));
      buttons.push(b);
      actions.append(b.el);
    };
    if (editing) add('submit-save', 'Save', 'save', 'primary');
    else {
      add('submit-create', 'Create', 'create', 'primary');
      add('submit-create-start', 'Create and start', 'createAndStart', 'secondary');
    }
    const progress = el('div', { class: 'progress', id: 'progress' });
    const progressText = el('span', { id: 'progress-text', role: 'status' });
    progress.append(progressRing('Working'), progressText);
    actions.append(progress);
    main.append(summary, actions);

    this.#parts = {
      title,
      subtitle,
      formError,
      result,
      progress,
      progressText,
      summary,
      advancedToggle,
      advanced,
      buttons,
      servingTool,
      version,
      modelServer,
      predictorNote,
      topicKind,
      existingTopic,
      excluded,
      createTopic,
      existingBox,
      modeFixed,
      loggerNote,
      batchingFine,
      transformerBox,
      transformerNote,
    };
    this.#root.replaceChildren(main);
  }

  #slot(field: FieldId, control: Control<string> | Control<boolean>, label?: HTMLElement): FieldSlot {
    const id = domId(field);
    const box = el('div', { class: 'field', id: `box-${id}` });
    const hint = el('p', { class: 'hint', id: `h-${id}` });
    const error = el('p', { class: 'error', id: `e-${id}`, 'aria-live': 'polite' });
    if (label) box.append(label);
    box.append(control.el, hint, error);
    const slot = { box, control, hint, error };
    this.#slots.set(field, slot);
    return slot;
  }

  #textSlot(
    field: 'name' | 'predictor' | 'configFile' | 'transformer.script' | 'environment',
    label: string,
    opts: { placeholder?: string } = {},
  ): FieldSlot {
    const c = textField(`f-${domId(field)}`, label, { ...opts, size: 60 });
    c.onInput(() => {
      const value = c.get();
      if (field === 'name') this.#spec.name = value;
      else if (field === 'transformer.script') this.#spec.transformer.script = value;
      else this.#spec[field] = value;
      this.#edited(field);
    });
    return this.#slot(field, c);
  }

  #numberSlot(field: NumericField, label: string): FieldSlot {
    const c = textField(`f-${domId(field)}`, label, { size: 10 });
    c.el.classList.add('number');
    c.onInput(() => {
      writeNumber(this.#spec, this.#draft, field, parseNumber(c.get()));
      this.#edited(field);
    });
    this.#numbers.set(field, c);
    return this.#slot(field, c);
  }

  // ---- reacting to the user ----

  #edited(field: FieldId): void {
    this.#touched.add(field);
    delete this.#serverErrors[field];
    this.#result = undefined;
    this.#update();
  }

  #onVersion(): void {
    const v = Number(this.#parts.version.get());
    const choice = this.#init.context.versions.find((x) => x.version === v);
    if (!choice) return;
    this.#spec.model.version = choice.version;
    this.#spec.model.framework = choice.framework;
    // A different framework may need another model server; keep the user's choice when it still fits.
    const allowed = modelServersFor(choice.framework);
    if (!allowed.includes(this.#spec.modelServer) && allowed[0]) this.#spec.modelServer = allowed[0];
    this.#writeControls();
    this.#edited('model');
  }

  #onServingTool(): void {
    const tool = this.#parts.servingTool.get() as ServingTool;
    if (tool !== 'KSERVE' && tool !== 'DEFAULT') return;
    const ctx = this.#init.context;
    this.#spec.servingTool = tool;
    // Re-derive what the user has not set themselves, the way the defaults derive it.
    if (!this.#touched.has('requestedInstances')) {
      this.#spec.requestedInstances = defaultInstances(tool, ctx.variables);
    }
    if (!this.#touched.has('transformer.instances')) {
      this.#spec.transformer.instances = defaultInstances(tool, ctx.variables);
    }
    if (!this.#touched.has('name') && ctx.mode === 'create') {
      this.#spec.name = defaultDeploymentName(this.#spec.model.name, tool, ctx.existingNames);
    }
    this.#spec.logger.mode = tool === 'KSERVE' ? this.#kserveMode : 'ALL';
    this.#writeControls();
    this.#edited('servingTool');
  }

  async #onSubmit(action: SubmitAction): Promise<void> {
    const errors = this.#errors();
    if (this.#busy || Object.keys(errors).length > 0) return;
    this.#busy = true;
    this.#formError = undefined;
    this.#result = undefined;
    this.#parts.progressText.textContent = '';
    this.#update();
    let result: SubmitResult;
    try {
      result = await this.#submit(action, this.#currentSpec());
    } catch (err) {
      result = { ok: false, fieldErrors: {}, formError: err instanceof Error ? err.message : String(err) };
    }
    this.#busy = false;
    if (result.ok) {
      this.load(result.init);
      this.#result = result.message;
      this.#parts.progressText.textContent = '';
      this.#update();
      this.#parts.result.focus();
      return;
    }
    // Nothing typed is touched: only the messages change.
    this.#serverErrors = { ...result.fieldErrors };
    this.#formError = result.formError;
    this.#parts.progressText.textContent = '';
    if (Object.keys(result.fieldErrors).some((f) => ADVANCED_FIELDS.has(f as FieldId)))
      this.#advancedOpen = true;
    this.#update();
    this.#focusFirstProblem();
  }

  #focusFirstProblem(): void {
    if (this.#formError) {
      this.#parts.formError.focus();
      return;
    }
    const errors = this.#errors();
    for (const [field, slot] of this.#slots) {
      if (errors[field] !== undefined && !slot.box.hidden) {
        slot.control.el.focus();
        return;
      }
    }
  }

  // ---- model → view ----

  #currentSpec(): DeploymentSpec {
    this.#spec.logger.topic = topicFor(this.#topicKind, this.#draft);
    return plainSpec(this.#spec);
  }

  #validationContext(): ValidationContext {
    const ctx = this.#init.context;
    const v: ValidationContext = { variables: ctx.variables, existingNames: ctx.existingNames };
    if (ctx.existing) v.existing = ctx.existing;
    if (ctx.topicsUnavailable === undefined) v.topics = ctx.topics;
    if (ctx.brokerCount !== undefined) v.brokerCount = ctx.brokerCount;
    return v;
  }

  #errors(): FieldErrors {
    this.#spec.logger.topic = topicFor(this.#topicKind, this.#draft);
    return { ...validateSpec(this.#spec, this.#validationContext()), ...this.#serverErrors };
  }

  /** Puts the spec's values into the controls (on load and after a change derives new values). */
  #writeControls(): void {
    const s = this.#spec;
    const p = this.#parts;
    const text = (f: FieldId, v: string | undefined) =>
      (this.#slots.get(f)?.control as Control<string>).set(v ?? '');
    text('name', s.name);
    p.version.set(String(s.model.version));
    p.servingTool.set(s.servingTool);
    p.modelServer.setChoices(
      [...new Set([...modelServersFor(s.model.framework), s.modelServer])].map((m) => ({
        value: m,
        label: SERVER_LABELS[m] ?? m,
      })),
    );
    p.modelServer.set(s.modelServer);
    text('predictor', s.predictor);
    text('configFile', s.configFile);
    text('transformer.script', s.transformer.script);
    text('environment', s.environment);
    text('description', s.description);
    p.topicKind.set(this.#topicKind);
    (this.#slots.get('logger.mode')?.control as Control<string>).set(s.logger.mode);
    (this.#slots.get('batching')?.control as Control<boolean>).set(s.batching.enabled);
    (this.#slots.get('apiProtocol')?.control as Control<string>).set(s.apiProtocol);
    for (const [f, c] of this.#numbers) {
      const shown = parseNumber(c.get());
      const value = readNumber(s, this.#draft, f);
      // Leave what the user typed alone unless the value behind it changed.
      if (!(shown === value || (Number.isNaN(shown) && Number.isNaN(value)))) c.set(formatNumber(value));
    }
  }

  #update(): void {
    const ctx = this.#init.context;
    const s = this.#spec;
    const p = this.#parts;
    const kserve = s.servingTool === 'KSERVE';
    const editing = ctx.mode === 'edit';
    const show = (e: HTMLElement, on: boolean) => {
      e.hidden = !on;
    };
    const slot = (f: FieldId) => this.#slots.get(f)!;
    const a = formAvailability(s, ctx.existing ? { variables: ctx.variables, existing: ctx.existing } : ctx);

    p.title.textContent = editing
      ? `Edit deployment ${ctx.existing?.name ?? s.name}`
      : `Deploy ${s.model.name} v${s.model.version}`;
    const status = ctx.existing?.status;
    p.subtitle.textContent = editing
      ? `Project ${ctx.projectName} · ${s.model.name} v${s.model.version}${status ? ` · ${status}` : ''}`
      : `Project ${ctx.projectName} · framework ${s.model.framework}`;

    // Simplified form
    p.servingTool.setChoiceDisabled('KSERVE', !ctx.variables.kserveInstalled && s.servingTool !== 'KSERVE');
    slot('servingTool').hint.textContent = ctx.variables.kserveInstalled
      ? 'KServe adds scale-to-zero, transformers, fine-grained logging and request batching.'
      : 'KServe is not installed on this cluster.';
    p.modelServer.setDisabled(a.modelServerLocked);
    slot('modelServer').hint.textContent = a.modelServerLocked
      ? 'The model server of an existing deployment cannot change.'
      : `Chosen from the model's framework (${s.model.framework}).`;

    const forbidden = a.predictor === 'forbidden' && !s.predictor?.trim();
    show(slot('predictor').box, !forbidden);
    show(p.predictorNote, forbidden);
    p.predictorNote.textContent =
      'TensorFlow Serving loads the SavedModel itself: it takes no predictor script.';
    slot('predictor').hint.textContent =
      a.predictor === 'required'
        ? 'Required: a .py file in the project that implements the predictor.'
        : 'Optional: a .py file in the project; without one the model is served as is.';
    show(slot('configFile').box, s.modelServer === 'VLLM');

    const vars = ctx.variables;
    const max = vars.maxInstances === -1 ? '' : ` At most ${vars.maxInstances}.`;
    slot('requestedInstances').hint.textContent =
      kserve && vars.scaleToZeroRequired
        ? `This cluster requires scale-to-zero for KServe: 0 instances, started on demand.${max}`
        : kserve
          ? `0 = scale to zero (started on the first request).${max}`
          : `At least 1 without KServe.${max}`;

    // Advanced options
    p.advancedToggle.setAttribute('aria-expanded', String(this.#advancedOpen));
    show(p.advanced, this.#advancedOpen);

    p.loggerNote.textContent = a.logger
      ? ''
      : 'vLLM deployments cannot log inferences: choose “No inference logging”.';
    show(p.loggerNote, !a.logger);
    const { eligible, excluded } = eligibleLoggerTopics(ctx.topics, s.servingTool);
    const current = this.#draft.existingName;
    const offered = eligible.map((t) => t.name);
    if (current !== '' && !offered.includes(current)) offered.unshift(current);
    if (this.#topicKind === 'EXISTING' && current === '' && offered[0] !== undefined) {
      this.#draft.existingName = offered[0];
    }
    p.existingTopic.setChoices(
      offered.map((name) => {
        const t = ctx.topics.find((x) => x.name === name);
        const detail = t
          ? ` (schema v${t.schemaVersion ?? '?'}, ${t.numOfPartitions ?? '?'} partitions)`
          : '';
        return { value: name, label: `${name}${detail}` };
      }),
    );
    p.existingTopic.set(this.#draft.existingName);
    p.topicKind.setChoiceDisabled('EXISTING', offered.length === 0 && this.#topicKind !== 'EXISTING');
    const need = kserve ? 'version 4 or later (KServe)' : 'version 3 or earlier (without KServe)';
    slot('logger.topic').hint.textContent =
      ctx.topicsUnavailable ??
      (offered.length === 0
        ? `No topic of this project has schema “inferenceschema” ${need}.`
        : `Existing topics must use schema “inferenceschema” ${need}.`);
    this.#renderExcluded(excluded.map((x) => x.reason));
    // Why a topic is missing matters when picking one, or when none can be picked at all.
    show(p.excluded, excluded.length > 0 && (this.#topicKind === 'EXISTING' || offered.length === 0));
    show(p.existingBox, this.#topicKind === 'EXISTING');
    show(p.createTopic, this.#topicKind === 'CREATE');
    slot('logger.replicas').hint.textContent =
      ctx.brokerCount !== undefined ? `At most ${ctx.brokerCount} (the number of Kafka brokers).` : '';
    slot('logger.partitions').hint.textContent = 'More partitions let more consumers read in parallel.';

    const logging = this.#topicKind !== 'NONE';
    const modeControl = slot('logger.mode').control as ReturnType<typeof radioGroup>;
    show(slot('logger.mode').box, logging);
    show(modeControl.el, a.loggerModeChoice);
    show(p.modeFixed, !a.loggerModeChoice);
    p.modeFixed.textContent =
      'Logs model inputs and predictions (ALL). Deployments without KServe always log both; ' +
      'logging only inputs or only predictions needs KServe.';
    slot('logger.mode').hint.textContent = kserve
      ? 'Inputs and predictions are logged as separate messages.'
      : '';

    show(p.batchingFine, s.batching.enabled && a.batchingFineGrained);
    slot('batching').hint.textContent = !a.batching
      ? 'Python deployments need KServe for request batching.'
      : a.batchingFineGrained
        ? 'Empty values take the server’s defaults.'
        : 'Without KServe the batch size, latency and timeout are the server’s.';

    show(p.transformerBox, a.transformer);
    show(p.transformerNote, !a.transformer);
    p.transformerNote.textContent =
      s.modelServer === 'VLLM'
        ? 'vLLM deployments cannot use a transformer.'
        : 'Transformers need KServe: choose KServe as the serving tool to add one.';
    slot('transformer.instances').hint.textContent = 'Used only with a transformer script.';
    this.#numbers.get('transformer.instances')?.setDisabled(!this.#spec.transformer.script?.trim());

    // Errors, per field and in summary
    const errors = this.#errors();
    const problems: string[] = [];
    for (const [field, sl] of this.#slots) {
      const msg = errors[field];
      const visible = !sl.box.hidden;
      sl.error.textContent = msg ?? '';
      show(sl.error, msg !== undefined);
      sl.control.describe(
        msg !== undefined,
        [sl.hint, sl.error].filter((e) => e.textContent !== ''),
      );
      if (msg !== undefined) {
        const where = ADVANCED_FIELDS.has(field) ? ' (Advanced options)' : visible ? '' : ' (hidden)';
        problems.push(`${FIELD_LABELS[field]}${where}`);
      }
    }
    const blocking = Object.keys(validateSpec(this.#spec, this.#validationContext())).length > 0;
    p.summary.textContent = problems.length > 0 ? `To fix: ${problems.join(', ')}.` : '';
    show(p.summary, problems.length > 0);

    p.formError.textContent = this.#formError ?? '';
    show(p.formError, this.#formError !== undefined);
    p.result.textContent = this.#result ?? '';
    show(p.result, this.#result !== undefined);
    show(p.progress, this.#busy);
    for (const b of p.buttons) b.setDisabled(blocking || this.#busy);
  }

  #renderExcluded(reasons: string[]): void {
    const d = this.#parts.excluded;
    const key = reasons.join('\n');
    if (d.dataset.key === key && d.childElementCount > 0) return;
    d.dataset.key = key;
    const summary = el(
      'summary',
      {},
      reasons.length === 1
        ? '1 topic of this project is not offered'
        : `${reasons.length} topics of this project are not offered`,
    );
    const list = el('ul');
    for (const r of reasons) list.append(el('li', {}, r));
    const open = d.open;
    d.replaceChildren(summary, list);
    d.open = open;
  }
}
