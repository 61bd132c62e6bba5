// The host logic of the deployment form, without 'vscode' so it runs under plain Node against the sandbox:
// gathers what the form needs (init), and turns a submitted spec into a saved — and optionally started —
// deployment, or into errors placed on the fields they concern. The panel only wires this to a webview.
import type { FieldErrors } from '../../deployments';
import {
  defaultSpec,
  fieldForServerError,
  isTopicName,
  keptOnClear,
  loggingModeOf,
  loggingTopic,
  mergeTexts,
  serverFeatures,
  specFromDeployment,
  toDeploymentJson,
  validateSpec,
  validationContextOf,
} from '../../deployments';
import type { DeploymentSpec, ServerFeatures } from '../../deployments';
import type { WaitResult } from '../../deployments/lifecycle';
import { decideStart, waitForStatus } from '../../deployments/lifecycle';
import { stateName, stateSentence } from '../../deployments/stateWords';
import { isHopsworksError } from '../../hopsworks/errors';
import type { ProjectClient } from '../../hopsworks/projectClient';
import { deploymentModel } from '../../deployments/deploymentModel';
import { FRESH, REFERENCE_SHARE_MS } from '../../hopsworks/readShare';
import type { Deployment, KafkaTopic, ModelVersion, ServingVariables } from '../../hopsworks/types';
import { normalizeStatus, TRANSITIONAL_STATUSES } from '../../hopsworks/types';
import type {
  FormContext,
  FormInit,
  ProgressEvent,
  SubmitOutcome,
  SubmitParams,
  SubmitResult,
  VersionChoice,
} from '../../protocol/deploymentForm';

/** What the form opens on: a model version to deploy, or a deployment to edit. */
export type FormTarget = { kind: 'create'; model: ModelVersion } | { kind: 'edit'; deploymentId: number };

/** The calls the form makes; a ProjectClient has them all. */
export type FormProjectApi = Pick<
  ProjectClient,
  | 'projectName'
  | 'listDeployments'
  | 'getDeployment'
  | 'listModelVersions'
  | 'getModelVersion'
  | 'listTopics'
  | 'saveDeployment'
  | 'startDeployment'
>;

export interface FormControllerOptions {
  /** The project to work in, asked for on every use; throws (with a message for a person) when disconnected. */
  project: () => FormProjectApi;
  servingVariables: () => Promise<ServingVariables>;
  /**
   * The connected Hopsworks version (`GET /variables/versions`): the form shows what that version supports.
   * Absent or unreadable: what the edited deployment carries tells, and a new one gets what every version reads.
   */
  hopsworksVersion?: () => Promise<string | undefined>;
  /** One line per notable step; never receives secrets. */
  log?: (line: string) => void;
  /** Poll interval while following a start (default 2000 ms). */
  pollIntervalMs?: number;
  /** Give up following a start after this long (default 10 minutes); the deployment keeps starting. */
  startTimeoutMs?: number;
}

/** Stable key of the panel showing a target: opening the same target again reveals that panel. */
export function formKey(target: FormTarget): string {
  return target.kind === 'create'
    ? `create:${target.model.name}:${target.model.version}`
    : `edit:${target.deploymentId}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Topics as the form needs them: the schema text can be large and is not shown. */
function slimTopic(t: KafkaTopic): KafkaTopic {
  const out: KafkaTopic = { name: t.name };
  if (t.numOfPartitions !== undefined) out.numOfPartitions = t.numOfPartitions;
  if (t.numOfReplicas !== undefined) out.numOfReplicas = t.numOfReplicas;
  if (t.schemaName !== undefined) out.schemaName = t.schemaName;
  if (t.schemaVersion !== undefined) out.schemaVersion = t.schemaVersion;
  if (t.shared !== undefined) out.shared = t.shared;
  return out;
}

/**
 * Reads of what rarely changes while a form is open: the names taken (the server refuses a duplicate anyway), the
 * model's versions and the broker addresses. The tree has usually just read the first two.
 */
const REFERENCE = { maxAgeMs: REFERENCE_SHARE_MS };

export class DeploymentFormController {
  #target: FormTarget;
  #context?: FormContext;
  /** The model version the form was last loaded for: a re-load after a save does not read it again. */
  #model?: ModelVersion;
  #busy = false;
  readonly #o: FormControllerOptions;

  constructor(target: FormTarget, options: FormControllerOptions) {
    this.#target = target;
    this.#o = options;
  }

  get target(): FormTarget {
    return this.#target;
  }

  get key(): string {
    return formKey(this.#target);
  }

  /** Everything the form shows, fetched fresh. Throws (with a message for a person) when it cannot load. */
  async load(): Promise<FormInit> {
    const p = this.#o.project();
    // The broker addresses are not read for a broker count: reached from outside (often through one load
    // balancer) they do not tell how many brokers there are (shared docs §10.2 #2), so the replicas of a new
    // topic are not capped by them; the form says the count is unknown and the server judges.
    const [variables, deployments, topics, version] = await Promise.all([
      this.#o.servingVariables(),
      p.listDeployments(REFERENCE),
      p.listTopics().then(
        (ts) => ts.map(slimTopic),
        (err: unknown) => {
          // Without the KAFKA scope the form still works: only the existing-topic choice is unavailable.
          this.#o.log?.(`Deployment form: could not list Kafka topics: ${errorText(err)}`);
          return undefined;
        },
      ),
      (this.#o.hopsworksVersion?.() ?? Promise.resolve(undefined)).catch((err: unknown) => {
        this.#o.log?.(`Deployment form: could not read the Hopsworks version: ${errorText(err)}`);
        return undefined;
      }),
    ]);

    let existing: Deployment | undefined;
    let model: ModelVersion | undefined;
    let modelName: string | undefined;
    if (this.#target.kind === 'edit') {
      existing = await p.getDeployment(this.#target.deploymentId);
      if (!existing) throw new Error(`Deployment ${this.#target.deploymentId} no longer exists.`);
      // A 4.6+ deployment without a model has no model fields: nothing to read from the registry.
      const served = deploymentModel(existing);
      modelName = served?.name;
      const known = this.#model;
      if (served) {
        model =
          known?.name === served.name && known.version === served.version
            ? known
            : await p.getModelVersion(served.name, served.version, REFERENCE);
      }
    } else {
      model = this.#target.model;
      modelName = model.name;
    }
    this.#model = model;
    const listed =
      modelName === undefined ? [] : await p.listModelVersions(modelName, REFERENCE).catch(() => []);
    const versions: VersionChoice[] = listed
      .map((m) => ({ version: m.version, framework: m.framework ?? 'PYTHON' }))
      .sort((a, b) => b.version - a.version);
    if (model && !versions.some((x) => x.version === model.version)) {
      versions.unshift({ version: model.version, framework: model.framework ?? 'PYTHON' });
    }

    const ownName = existing?.name;
    const existingNames = deployments.map((d) => d.name).filter((n) => n !== ownName);
    const features = serverFeatures(version, existing);
    const context: FormContext = {
      mode: existing ? 'edit' : 'create',
      projectName: p.projectName,
      variables,
      existingNames,
      topics: topics ?? [],
      versions,
      features,
    };
    if (version !== undefined) context.hopsworksVersion = version;
    if (topics === undefined) context.topicsUnavailable = 'The project’s Kafka topics could not be listed.';
    if (existing) context.existing = existing;
    // The deployment's own topic may be missing from the list (e.g. a shared topic); the server keeps it on
    // update, so the form judges it by the schema the deployment reports rather than refusing it.
    const own = existing?.kafkaTopicDTO;
    if (topics && own && isTopicName(own.name)) {
      if (!topics.some((t) => t.name === own.name)) {
        const t: KafkaTopic = { name: own.name };
        if (own.schemaName !== undefined) t.schemaName = own.schemaName;
        if (own.schemaVersion !== undefined) t.schemaVersion = own.schemaVersion;
        context.topics.push(t);
      }
    }

    const spec =
      existing !== undefined
        ? specFromDeployment(existing, model, features)
        : defaultSpec(model!, { projectName: p.projectName, variables, existingNames, features });
    this.#context = context;
    return { context, spec };
  }

  /**
   * Validates the spec against the host's own context (the webview's word is not trusted), saves it, and for
   * "create and start" starts it and follows it to Running or Failed, reporting each state through `onProgress`.
   */
  async submit(
    params: SubmitParams,
    onProgress: (e: ProgressEvent) => void = () => {},
    signal?: AbortSignal,
  ): Promise<SubmitResult> {
    if (this.#busy) return { ok: false, fieldErrors: {}, formError: 'The form is already being submitted.' };
    this.#busy = true;
    try {
      return await this.#submit(params, onProgress, signal);
    } finally {
      this.#busy = false;
    }
  }

  async #submit(
    params: SubmitParams,
    onProgress: (e: ProgressEvent) => void,
    signal: AbortSignal | undefined,
  ): Promise<SubmitResult> {
    const context = this.#context ?? (await this.load()).context;
    const { spec, action } = params;
    const creating = action === 'create' || action === 'createAndStart';
    if (creating !== (context.mode === 'create')) {
      return {
        ok: false,
        fieldErrors: {},
        formError:
          context.mode === 'create'
            ? 'This deployment does not exist yet: use Create.'
            : 'This deployment exists already: use Save.',
      };
    }
    const shape = shapeProblem(spec, context.features);
    if (shape !== undefined) return { ok: false, fieldErrors: {}, formError: shape };
    const expectedModel =
      this.#target.kind === 'create'
        ? this.#target.model.name
        : context.existing && deploymentModel(context.existing)?.name;
    if (spec.model?.name !== expectedModel) {
      return {
        ok: false,
        fieldErrors: {
          model:
            expectedModel === undefined
              ? 'This deployment has no model, and the form cannot add one: create a new deployment instead.'
              : `This form deploys model '${expectedModel}'.`,
        },
      };
    }
    if (spec.model && !context.versions.some((x) => x.version === spec.model!.version)) {
      return {
        ok: false,
        fieldErrors: { model: `Model ${spec.model.name} has no version ${spec.model.version}.` },
      };
    }

    onProgress({ phase: 'validating', message: 'Checking the deployment…' });
    let existing: Deployment | undefined;
    if (this.#target.kind === 'edit') {
      // Edit the deployment as it is now, not as the form loaded it: PUT replaces the whole object.
      existing = await this.#o.project().getDeployment(this.#target.deploymentId, FRESH);
      if (!existing) {
        return {
          ok: false,
          fieldErrors: {},
          formError: `${spec.name} was deleted meanwhile; nothing was saved.`,
        };
      }
      const status = normalizeStatus(existing.status);
      if (TRANSITIONAL_STATUSES.has(status)) {
        return {
          ok: false,
          fieldErrors: {},
          formError: `${existing.name} is changing. ${stateSentence(existing.status)} Save once it has settled; your changes are still in the form.`,
        };
      }
    }
    // The same context the form checks against, with the deployment as it is now.
    const fieldErrors = validateSpec(spec, validationContextOf(context, existing));
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

    onProgress({ phase: 'saving', message: creating ? `Creating ${spec.name}…` : `Saving ${spec.name}…` });
    const kept = keptOnClear(spec, existing).map((k) => k.label);
    let saved: Deployment;
    try {
      saved = await this.#o.project().saveDeployment(toDeploymentJson(spec, existing));
    } catch (err) {
      return refusal(err);
    }
    this.#o.log?.(
      `Deployment form: ${creating ? 'created' : 'saved'} ${saved.name} (id ${saved.id ?? '?'}).`,
    );
    if (saved.id !== undefined) this.#target = { kind: 'edit', deploymentId: saved.id };

    const summary =
      `${creating ? 'Created' : 'Saved'} deployment ${saved.name}${loggingNote(saved)}.` +
      (kept.length > 0 ? ` ${mergeTexts.keptAfterSave(kept)}` : '');
    let result: { outcome: SubmitOutcome; message: string } = {
      outcome: 'saved',
      message: `${summary} ${stateSentence(saved.status)}`,
    };
    if (action === 'createAndStart' && saved.id !== undefined) {
      result = await this.#start(saved, summary, onProgress, signal);
    } else if (saved.id !== undefined && TRANSITIONAL_STATUSES.has(normalizeStatus(saved.status))) {
      // Saving a running deployment rolls it (Updating → Running): follow it, as for a start. The state read
      // right after the save is shown first (a short state such as Creating is never skipped), not read again.
      result = await this.#follow(saved, summary, onProgress, signal);
    }
    onProgress({ phase: 'done', message: result.message });
    return {
      ok: true,
      outcome: result.outcome,
      message: result.message,
      init: await this.#reload(saved, context),
    };
  }

  /** The form for what was saved. The save succeeded, so a failed re-read must not look like a failure. */
  async #reload(saved: Deployment, previous: FormContext): Promise<FormInit> {
    try {
      return await this.load();
    } catch (err) {
      this.#o.log?.(`Deployment form: could not re-read ${saved.name}: ${errorText(err)}`);
      const context: FormContext = { ...previous, mode: 'edit', existing: saved };
      context.existingNames = previous.existingNames.filter((n) => n !== saved.name);
      return { context, spec: specFromDeployment(saved, undefined, previous.features) };
    }
  }

  async #follow(
    saved: Deployment,
    summary: string,
    onProgress: (e: ProgressEvent) => void,
    signal: AbortSignal | undefined,
  ): Promise<{ outcome: SubmitOutcome; message: string }> {
    const id = saved.id!;
    const r = await waitForStatus(() => this.#o.project().getDeployment(id, FRESH), {
      // The save has just read the state; the first round shows it instead of asking again.
      first: saved,
      until: ['RUNNING', 'IDLE', 'STOPPED', 'CREATED'],
      intervalMs: this.#o.pollIntervalMs ?? 2000,
      timeoutMs: this.#o.startTimeoutMs,
      signal,
      onUpdate: (d) => onProgress(waiting(d)),
    }).catch((err: unknown) => ({ message: errorText(err) }));
    if ('message' in r) return { outcome: 'saved', message: `${summary} Following it failed: ${r.message}` };
    if (r.outcome === 'reached') {
      const s = normalizeStatus(r.deployment.status);
      return {
        outcome: s === 'RUNNING' || s === 'IDLE' ? 'running' : 'saved',
        message: `${summary} ${stateSentence(r.deployment.status)}`,
      };
    }
    return describeWait(r, summary);
  }

  async #start(
    saved: Deployment,
    summary: string,
    onProgress: (e: ProgressEvent) => void,
    signal: AbortSignal | undefined,
  ): Promise<{ outcome: 'running' | 'failed' | 'notStarted'; message: string }> {
    const p = this.#o.project();
    const id = saved.id!;
    const get = () => p.getDeployment(id, FRESH);
    const follow = { intervalMs: this.#o.pollIntervalMs ?? 2000, timeoutMs: this.#o.startTimeoutMs, signal };
    const report = (d: Deployment) => onProgress(waiting(d));
    try {
      // What the save has just read, when it read the state; else the server is asked.
      const fresh = (await p.getDeployment(id)) ?? saved;
      const decision = decideStart(fresh);
      if (decision.kind === 'noop' || decision.kind === 'refuse') {
        return { outcome: 'notStarted', message: `${summary} ${decision.message}` };
      }
      if (decision.kind === 'waitThenProceed') {
        const created = await waitForStatus(get, { ...follow, until: ['CREATED'], onUpdate: report });
        if (created.outcome !== 'reached') return describeWait(created, summary);
      }
      onProgress({ phase: 'starting', message: `Starting ${saved.name}…` });
      await p.startDeployment(id);
      const r = await waitForStatus(get, { ...follow, until: ['RUNNING', 'IDLE'], onUpdate: report });
      return describeWait(r, summary);
    } catch (err) {
      return { outcome: 'notStarted', message: `${summary} Starting it failed: ${errorText(err)}` };
    }
  }
}

function waiting(d: Deployment): ProgressEvent {
  const e: ProgressEvent = {
    phase: 'waiting',
    message: `${d.name}: ${stateName(d.status)}${d.condition?.reason ? ` — ${d.condition.reason}` : ''}`,
  };
  if (d.status !== undefined) e.status = d.status;
  if (d.condition?.reason !== undefined) e.reason = d.condition.reason;
  return e;
}

function loggingNote(d: Deployment): string {
  const topic = loggingTopic(d);
  return topic === undefined
    ? ', without inference logging'
    : `, logging ${loggingModeOf(d)} to topic ${topic}`;
}

function describeWait(
  r: WaitResult,
  summary: string,
): { outcome: 'running' | 'failed' | 'notStarted'; message: string } {
  switch (r.outcome) {
    case 'reached':
      return { outcome: 'running', message: `${summary} ${stateSentence(r.deployment.status)}` };
    case 'failed':
      return { outcome: 'failed', message: `${summary} It failed to start: ${r.reason}` };
    case 'settledElsewhere':
      return {
        outcome: 'notStarted',
        message: `${summary} It did not reach Running. ${stateSentence(r.deployment.status)}`,
      };
    case 'timeout':
      return {
        outcome: 'notStarted',
        message: `${summary} ${stateSentence(r.deployment.status, true)} The tree shows when it settles.`,
      };
    case 'gone':
      return { outcome: 'notStarted', message: `${summary} It was deleted while starting.` };
    case 'cancelled':
      return { outcome: 'notStarted', message: `${summary} Following its start was cancelled.` };
  }
}

/**
 * The spec must have the parts the connected version has and no others (the webview built it from the same
 * context): a mismatch means the form is out of date, and the PUT would drop or invent settings.
 */
function shapeProblem(spec: DeploymentSpec, f: ServerFeatures): string | undefined {
  const scaling = spec.scaling !== undefined;
  const envVars = spec.envVars !== undefined;
  if (scaling === f.scalingConfig && envVars === f.envVars) return undefined;
  return 'This form was made for another Hopsworks version than the one connected: close it and open it again. Nothing was saved.';
}

/**
 * A refused PUT: on its field when the server's code or text says which, else at the top. A refusal for the
 * project role or a quota is about the project, not a field, and goes at the top with its cause and what to
 * do (errorMessages.ts) — except the topic quota, which a new topic of the logger hits.
 */
function refusal(err: unknown): SubmitResult {
  if (isHopsworksError(err) && err.refusal !== undefined) {
    if (err.refusal.kind === 'quota' && err.refusal.quota === 'topics') {
      return { ok: false, fieldErrors: { 'logger.topic': err.message } };
    }
    return { ok: false, fieldErrors: {}, formError: err.message };
  }
  if (isHopsworksError(err) && err.status !== undefined && err.status >= 400 && err.status < 500) {
    const field = fieldForServerError(err);
    const fieldErrors: FieldErrors = {};
    if (field !== undefined) {
      fieldErrors[field] = err.message;
      return { ok: false, fieldErrors };
    }
    return { ok: false, fieldErrors, formError: err.message };
  }
  return { ok: false, fieldErrors: {}, formError: `Nothing was saved: ${errorText(err)}` };
}
