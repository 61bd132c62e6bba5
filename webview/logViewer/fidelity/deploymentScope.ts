// Which deployments' rows the panel shows. Several deployments may log to one topic (each record names its
// own); the panel shows only its deployment's rows and says how many of the others it hides, with a switch
// to show every deployment's. The bar stays out of the way until the topic holds rows of another deployment.
import type { PanelInfo, RowFilter, StoreStats } from '../../../src/protocol/logViewer';
import { el } from '../../shared/dom';
import { button } from '../../shared/toolkit';
import { formatCount } from '../format';
import './styles';

export class DeploymentScope {
  readonly el: HTMLElement;
  private readonly text = el('span', { className: 'scope-text', id: 'scope-text' });
  private readonly toggle = button('btn-scope', 'Show all deployments', 'secondary');
  private info: PanelInfo | undefined;
  private others = 0;
  private all: boolean;

  /** `showAll`: the switch as the person left it (kept across reloads of the panel). */
  constructor(
    showAll: boolean,
    private readonly onChange: (showAll: boolean) => void,
  ) {
    this.all = showAll;
    this.toggle.el.setAttribute('aria-describedby', 'scope-text');
    this.toggle.onClick(() => {
      this.all = !this.all;
      this.render();
      this.onChange(this.all);
    });
    this.el = el('div', { className: 'scope-bar', attrs: { role: 'status' } }, [this.text, this.toggle.el]);
    this.el.hidden = true;
  }

  get showAll(): boolean {
    return this.all;
  }

  setInfo(info: PanelInfo): void {
    this.info = info;
    this.render();
  }

  update(stats: StoreStats): void {
    const others = stats.otherDeployments ?? 0;
    if (others === this.others) return;
    this.others = others;
    this.render();
  }

  /** The filter the panel sends: with the deployment's id unless every deployment's rows are shown. */
  apply(filter: RowFilter): RowFilter {
    const id = this.info?.deploymentId;
    return this.all || id === undefined ? filter : { ...filter, servingId: id };
  }

  private render(): void {
    const name = this.info?.deploymentName ?? 'this deployment';
    const topic = this.info?.topic ?? 'this topic';
    // Shown while there is something to say: hidden rows, or the switch left on.
    this.el.hidden = this.info?.deploymentId === undefined || (this.others === 0 && !this.all);
    const n = formatCount(this.others);
    const events = this.others === 1 ? 'event' : 'events';
    if (this.all) {
      this.text.textContent = `Showing every deployment's events on topic ${topic} (${n} ${events} of other deployments among them).`;
      this.toggle.el.textContent = `Only ${name}`;
    } else {
      this.text.textContent = `${n} ${events} of other deployments on topic ${topic} hidden.`;
      this.toggle.el.textContent = 'Show all deployments';
    }
    this.el.classList.toggle('is-all', this.all);
  }
}
