// Decides what an open view (log panel, Output tail, deployment form) should do when the connection changes:
// it was opened for one host/port/project and must not go on reading or writing with another one's client,
// nor with credentials it got before a disconnect. Pure: no vscode, so the decisions are unit-tested.
import type { ConnectionTarget } from './settings';

/** What a view was opened for. TLS settings are left out: another CA file still reaches the same project. */
export type ViewTarget = Pick<ConnectionTarget, 'host' | 'port' | 'project'>;

/** The parts of ConnectionManager's state the decisions need. */
export type ConnectionStateLike =
  { kind: 'disconnected' } | { kind: 'connecting' | 'connected' | 'error'; target: ViewTarget };

/** Host names are case-insensitive (DNS); project names are matched as Hopsworks stores them. */
export function sameTarget(a: ViewTarget, b: ViewTarget): boolean {
  return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port && a.project === b.project;
}

/** A stable map key for a target. */
export function targetKey(t: ViewTarget): string {
  return `${t.host.toLowerCase()}:${t.port}/${t.project}`;
}

export function describeViewTarget(t: ViewTarget): string {
  return `project ${t.project} on ${t.port === 443 ? t.host : `${t.host}:${t.port}`}`;
}

/** How the connection stands for a view opened for `view`. */
export type Relation =
  | { kind: 'same' }
  /** Connecting to the view's own target: wait, neither stop nor resume yet. */
  | { kind: 'pending' }
  | { kind: 'disconnected' }
  /** The view's own target, but the (re)connection failed. */
  | { kind: 'failed' }
  /** Connected, connecting or failing to connect to another target. */
  | { kind: 'other'; now: ViewTarget };

export function relationTo(view: ViewTarget, state: ConnectionStateLike): Relation {
  if (state.kind === 'disconnected') return { kind: 'disconnected' };
  if (!sameTarget(view, state.target)) return { kind: 'other', now: state.target };
  if (state.kind === 'connected') return { kind: 'same' };
  if (state.kind === 'connecting') return { kind: 'pending' };
  return { kind: 'failed' };
}

/** Why a view reading `view` cannot go on (for the panel's state and the Output line); undefined when it can. */
export function lostReason(view: ViewTarget, state: ConnectionStateLike): string | undefined {
  const r = relationTo(view, state);
  switch (r.kind) {
    case 'same':
    case 'pending':
      return undefined;
    case 'disconnected':
      return 'Disconnected from Hopsworks — connect again to resume.';
    case 'failed':
      return `The connection to ${describeViewTarget(view)} failed — connect again to resume.`;
    case 'other':
      return `The connection moved to ${describeViewTarget(r.now)}; this view reads ${describeViewTarget(view)} — connect to it again to resume.`;
  }
}

/** What a log view should do on a connection change. */
export type FollowAction =
  | { kind: 'none' }
  /** Stop reading and drop the Kafka credentials (or, already stopped, stay so and show this reason). */
  | { kind: 'stop'; reason: string }
  /** A stopped view's target is connected again: reading may start again, with credentials fetched anew. */
  | { kind: 'resumable' };

/** `reading`: whether the view still reads with the connection it was opened with. */
export function followAction(view: ViewTarget, reading: boolean, state: ConnectionStateLike): FollowAction {
  const reason = lostReason(view, state);
  if (reason !== undefined) return { kind: 'stop', reason };
  return !reading && relationTo(view, state).kind === 'same' ? { kind: 'resumable' } : { kind: 'none' };
}

/** Why a form opened for `view` must not submit now (the form keeps its values); undefined when it may. */
export function submitRefusal(view: ViewTarget, state: ConnectionStateLike): string | undefined {
  const r = relationTo(view, state);
  const keep = 'Nothing was submitted; your values are kept.';
  switch (r.kind) {
    case 'same':
      return undefined;
    case 'pending':
      return `Still connecting to ${describeViewTarget(view)}: submit again in a moment. ${keep}`;
    case 'disconnected':
      return `Disconnected from Hopsworks: connect to ${describeViewTarget(view)} again, then submit. ${keep}`;
    case 'failed':
      return `The connection to ${describeViewTarget(view)} failed: connect again, then submit. ${keep}`;
    case 'other':
      return `This form belongs to ${describeViewTarget(view)}, but the connection moved to ${describeViewTarget(r.now)}: connect to ${describeViewTarget(view)} again, then submit. ${keep}`;
  }
}
