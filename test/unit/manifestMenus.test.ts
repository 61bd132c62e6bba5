// The menus package.json contributes, evaluated on the context values the tree really gives its items: what a
// person can click on a deployment in each state (a state the extension does not know included) matches what the
// lifecycle rules let through, and the palette shows item commands only while connected.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decideStart, decideStop } from '../../src/deployments/lifecycle';
import { DEPLOYMENT_STATUSES } from '../../src/hopsworks/types';
import { deploymentContextValue } from '../../src/views/treeModel';
import { aDeployment, aModelLessDeployment } from '../builders/deployment';

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    menus: Record<string, MenuItem[]>;
  };
}

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Manifest;

/** The subset of VS Code's when-clause language the manifest uses: `&&` of `k == v`, `k != v`, `k =~ /re/`. */
function holds(when: string | undefined, context: Record<string, string>): boolean {
  if (when === undefined) return true;
  return when.split('&&').every((raw) => {
    const term = raw.trim();
    if (term === 'true' || term === 'false') return term === 'true';
    const m = /^([\w.]+)\s*(==|!=|=~)\s*(.+)$/.exec(term);
    assert.ok(m, `a when term this test cannot read: ${term}`);
    const [, key, op, operand] = m;
    const value = context[key!] ?? '';
    if (op === '==') return value === operand;
    if (op === '!=') return value !== operand;
    const re = /^\/(.*)\/([a-z]*)$/.exec(operand!);
    assert.ok(re, `not a regular expression: ${operand}`);
    return new RegExp(re[1]!, re[2]).test(value);
  });
}

/** Commands that act on one deployment whatever its state (the copies work from its name alone). */
const ON_A_DEPLOYMENT = [
  'hopsworks.startDeployment',
  'hopsworks.stopDeployment',
  'hopsworks.deleteDeployment',
  'hopsworks.copyInferencePath',
  'hopsworks.copyInferenceCurl',
];

/** Commands of the deployment item's context menu (not inline) for a deployment. */
function contextMenu(status: string, model = true): Set<string> {
  const d = model ? aDeployment({ status }) : aModelLessDeployment({ status });
  const context = { view: 'hopsworks.explorer', viewItem: deploymentContextValue(d) };
  return new Set(
    manifest.contributes.menus['view/item/context']!.filter(
      (m) => !m.group?.startsWith('inline') && holds(m.when, context),
    ).map((m) => m.command),
  );
}

describe('package.json menus', () => {
  const statuses = [
    ...DEPLOYMENT_STATUSES.map((s) => s.charAt(0) + s.slice(1).toLowerCase()),
    'Transforming',
  ];

  it('offer Start and Stop exactly where the lifecycle rules let them through, in every state', () => {
    for (const status of statuses) {
      const menu = contextMenu(status);
      const d = aDeployment({ status });
      const start = ['proceed', 'waitThenProceed'].includes(decideStart(d).kind);
      const stop = decideStop(d).kind === 'proceed';
      assert.equal(menu.has('hopsworks.startDeployment'), start, `Start for ${status}`);
      assert.equal(menu.has('hopsworks.stopDeployment'), stop, `Stop for ${status}`);
    }
  });

  it('a state the extension does not know keeps Start, Stop, Delete and the copies', () => {
    for (const model of [true, false]) {
      const menu = contextMenu('Transforming', model);
      for (const c of ON_A_DEPLOYMENT) {
        assert.ok(menu.has(c), `${c} for an unknown state (model: ${model})`);
      }
    }
  });

  it('every command is contributed once with a category and an icon, and every menu names a contributed one', () => {
    const ids = manifest.contributes.commands.map((c) => c.command);
    assert.equal(new Set(ids).size, ids.length);
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'Hopsworks', c.command);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, c.command);
    }
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const m of items) assert.ok(ids.includes(m.command), `${menu} names ${m.command}`);
    }
  });

  it('the palette shows the commands that act on a deployment only while connected', () => {
    const palette = manifest.contributes.menus.commandPalette!;
    for (const c of [...ON_A_DEPLOYMENT, 'hopsworks.editDeployment', 'hopsworks.refresh']) {
      const entry = palette.find((m) => m.command === c);
      assert.ok(entry, `${c} has a palette entry`);
      assert.equal(holds(entry.when, { 'hopsworks.connectionState': 'connected' }), true, c);
      assert.equal(holds(entry.when, { 'hopsworks.connectionState': 'disconnected' }), false, c);
    }
  });
});
