// How many requests the extension sends for what a person does, counted in the sandbox's own request log:
// connect plus the first deployment form, and Create or Save from that form while the tree follows the
// progress. The tree's part is what HopsworksTreeProvider does when the form makes it refresh (one deployment
// list per refresh); the rest is the real DeploymentFormController and the real REST client. The client's
// clock for shared reads stands still, so whether a read is shared never depends on how loaded the machine is;
// polls read afresh whatever the clock says.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { HopsworksClient } from '../../src/hopsworks/client';
import type { ProjectClient } from '../../src/hopsworks/projectClient';
import { FRESH } from '../../src/hopsworks/readShare';
import { waitForStatus } from '../../src/deployments/lifecycle';
import type { ServingVariables } from '../../src/hopsworks/types';
import type { FormTarget } from '../../src/panels/deploymentForm/deploymentFormController';
import { DeploymentFormController } from '../../src/panels/deploymentForm/deploymentFormController';
import type { ProgressEvent } from '../../src/protocol/deploymentForm';
import { sandboxClient, stateHolds } from '../support/sandbox';
import { sandboxForTests } from '../support/sandboxForTests';

const sandbox = sandboxForTests({ lifecycleStepMs: 300, trafficPerSecond: 0 }, (line) => {
  const m = /^(GET|PUT|POST|DELETE) (\S+) → \d+$/.exec(line);
  return m ? `${m[1]} ${m[2]!.replace('/hopsworks-api/api', '')}` : undefined;
});
/** "METHOD /path" of every request the sandbox answered, in order. */
const served = sandbox.lines;

// Starting lasts one lifecycle step; the test that reads it holds it until it has.
const holds = stateHolds(() => sandbox.sb);
afterEach(() => holds.releaseAll());

let client: HopsworksClient;
let project: ProjectClient;
let variables: Promise<ServingVariables> | undefined;

beforeEach(() => {
  client?.dispose();
  // A new connection each time: nothing shared between tests.
  client = sandboxClient(sandbox.sb, { sharedReads: { now: () => 0 } });
  variables = undefined;
});

/** Connects as ConnectionManager.connect does: the project by name, then the project's client. */
async function connect(): Promise<void> {
  const info = await client.getProjectByName(sandbox.sb.project);
  project = client.project(info.projectId, info.projectName);
}

/** What the tree view asks for when it shows the project with both sections expanded. */
async function showTree(): Promise<void> {
  await Promise.all([project.listLatestModels(), project.listDeployments()]);
}

function controller(target: FormTarget): DeploymentFormController {
  return new DeploymentFormController(target, {
    project: () => project,
    // Fetched once per connection, as ConnectionManager.servingVariables() does.
    servingVariables: () => (variables ??= client.getServingVariables()),
    pollIntervalMs: 100,
    startTimeoutMs: 30_000,
  });
}

/**
 * Submits as DeploymentFormPanel does: every progress event that carries a state and the final result make the
 * tree refresh its deployments, and the tree lists them on each refresh.
 */
async function submitWithTree(
  c: DeploymentFormController,
  params: Parameters<DeploymentFormController['submit']>[0],
): Promise<{ events: ProgressEvent[]; message: string }> {
  const refreshes: Promise<unknown>[] = [];
  const events: ProgressEvent[] = [];
  const result = await c.submit(params, (e) => {
    events.push(e);
    if (e.status !== undefined) refreshes.push(project.listDeployments());
  });
  assert.ok(result.ok, JSON.stringify(result));
  refreshes.push(project.listDeployments());
  await Promise.all(refreshes);
  return { events, message: result.message };
}

const count = (lines: string[], re: RegExp) => lines.filter((l) => re.test(l)).length;
const list = /^GET \/project\/\d+\/serving$/;
const byId = /^GET \/project\/\d+\/serving\/\d+$/;

describe('requests sent for what a person does', () => {
  it('connect, expand a model and open the form to deploy one of its versions: 12 requests', async (t) => {
    const start = served.length;
    await connect();
    await showTree();
    const versions = await project.listModelVersions('irisclassifier');
    const v3 = versions.find((m) => m.version === 3);
    assert.ok(v3);
    await controller({ kind: 'create', model: v3 }).load();
    const sent = served.slice(start);
    t.diagnostic(`connect + first form: ${sent.length} requests\n  ${sent.join('\n  ')}`);
    // The form takes the deployment names and the model's versions the tree has just read.
    assert.equal(count(sent, list), 1, 'the deployment list once');
    assert.equal(count(sent, /^GET \/project\/\d+\/modelregistries\/\d+\/models$/), 2, 'latest + versions');
    // The form no longer reads the brokers (featurestores + Kafka connector) for a broker count: 12, not 14.
    assert.equal(sent.length, 12);
  });

  it('Create from the form: one deployment list for the tree and the form together, nothing read twice', async (t) => {
    await connect();
    await showTree();
    const versions = await project.listModelVersions('irisclassifier');
    const c = controller({ kind: 'create', model: versions.find((m) => m.version === 3)! });
    const { spec } = await c.load();
    spec.name = 'irisshared';
    const start = served.length;
    const { events, message } = await submitWithTree(c, { action: 'create', spec });
    const sent = served.slice(start);
    t.diagnostic(`after Create: ${sent.length} requests\n  ${sent.join('\n  ')}`);
    assert.match(message, /Its state is Created\.$/);
    assert.equal(count(sent, /^PUT /), 1);
    assert.equal(count(sent, list), 1, 'the tree and the re-opened form share one deployment list');
    // Each GET of the deployment answered one round of following it: the state after the PUT is not read twice.
    const rounds = events.filter((e) => e.phase === 'waiting').length;
    assert.ok(count(sent, byId) <= rounds, `${count(sent, byId)} GETs by id for ${rounds} rounds`);
    // The new topic is listed again (the save made it); brokers, versions and the model are not read again.
    assert.equal(count(sent, /kafka\/topics$/), 1);
    assert.equal(count(sent, /featurestores|clusterinfo/), 0);
    assert.equal(count(sent, /modelregistries/), 0);
    assert.equal(sent.length, 3 + count(sent, byId));
  });

  it('Save of a stopped deployment: its state checked before the PUT, the PUT, one list, nothing more', async (t) => {
    await connect();
    await showTree();
    const seeded = await project.getDeploymentByName('churnpredictor');
    assert.ok(seeded?.id !== undefined);
    const c = controller({ kind: 'edit', deploymentId: seeded.id });
    const { spec } = await c.load();
    spec.description = 'Churn predictor, saved with shared reads';
    const start = served.length;
    const { message } = await submitWithTree(c, { action: 'save', spec });
    const sent = served.slice(start);
    t.diagnostic(`after Save: ${sent.length} requests\n  ${sent.join('\n  ')}`);
    assert.match(message, /Its state is Stopped\.$/);
    assert.equal(count(sent, list), 1, 'the tree and the re-opened form share one deployment list');
    // Checked right before the PUT (an edit of what is there now), and read back once when the PUT's answer
    // carries no state; the re-opened form shares that.
    assert.ok(count(sent, byId) >= 1 && count(sent, byId) <= 2, `${count(sent, byId)} GETs by id`);
    // No topic was made, so the topics, brokers, versions and model the form had are still good.
    assert.equal(sent.length, 2 + count(sent, byId));
  });
});

describe('shared reads never show something older than what the extension did or saw', () => {
  it('after Start, the next list asks the server; a poll’s answer updates the shared list', async () => {
    await connect();
    const churn = (await project.listDeployments()).find((d) => d.name === 'churnpredictor');
    assert.ok(churn?.id !== undefined);
    assert.equal(churn.status, 'Stopped');
    const id = churn.id;
    const statusInList = async () =>
      (await project.listDeployments()).find((d) => d.name === 'churnpredictor')?.status;
    const before = served.length;
    assert.equal(await statusInList(), 'Stopped');
    assert.equal(served.length, before, 'a second list with the clock stopped is shared');

    const starting = holds.hold('Starting');
    await project.startDeployment(id);
    assert.equal(await statusInList(), 'Starting', 'the write ended the sharing');
    starting();

    // Polls read afresh (the clock never moves here) and each answer goes into the list the tree shares.
    const r = await waitForStatus(() => project.getDeployment(id, FRESH), {
      until: ['RUNNING'],
      intervalMs: 50,
    });
    assert.equal(r.outcome, 'reached');
    const lists = served.filter((l) => list.test(l)).length;
    assert.equal(await statusInList(), 'Running');
    assert.equal(
      served.filter((l) => list.test(l)).length,
      lists,
      'from the shared list, updated by the poll',
    );

    await project.stopDeployment(id);
    project.forgetReads();
    const again = served.length;
    await project.listDeployments();
    assert.equal(served.length, again + 1, 'Refresh (forgetReads) makes the next read ask the server');
  });
});
