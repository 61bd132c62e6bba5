// Browser entry of the deployment form: theme-aware styles, the component library, the typed channel to
// the host, then "ready" → init → the form.
import type { DeploymentFormProtocol } from '../../src/protocol/deploymentForm';
import { RpcClient } from '../shared/rpcClient';
import { adoptStyles } from '../shared/dom';
import { registerToolkit } from '../shared/toolkit';
import { DeploymentFormView } from './formView';
import css from './styles.css';

async function main(): Promise<void> {
  adoptStyles(css);
  registerToolkit();
  const root = document.getElementById('root');
  if (!root) return;
  const rpc = new RpcClient<DeploymentFormProtocol>();
  const view = new DeploymentFormView(root, (action, spec) => rpc.request('submit', { action, spec }));
  rpc.on('progress', (e) => view.showProgress(e));
  rpc.ready();
  root.setAttribute('aria-busy', 'true');
  root.textContent = 'Loading the deployment form…';
  try {
    view.load(await rpc.request('init', {}));
  } catch (err) {
    root.textContent = `The form could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    root.removeAttribute('aria-busy');
  }
}

void main();
