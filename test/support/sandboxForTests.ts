// The sandbox of one test file (or one describe block) as a fixture: started in before(), stopped in after(),
// with the lines of its log a test looks at collected in order: the requests it answered (what crossed the
// wire) or its lifecycle transitions. connectedToSandbox() adds the extension's own client, disposed before the
// sandbox stops. Call either at the level whose tests share the sandbox: the hooks register there.
import { after, before } from 'node:test';
import type { Sandbox } from '../../sandbox/index';
import type { HopsworksClient } from '../../src/hopsworks/client';
import type { ProjectClient } from '../../src/hopsworks/projectClient';
import { sandboxClient, startTestSandbox } from './sandbox';
import type { TestSandboxSettings } from './sandbox';

/** What to keep of one sandbox log line (possibly rewritten), or undefined to drop it. */
export type LogLinePick = (line: string) => string | undefined;

/** Every request the sandbox answered, as it logs them: "GET /hopsworks-api/api/… → 200". */
export const requestLines: LogLinePick = (line) => (/^(GET|PUT|POST|DELETE) /.test(line) ? line : undefined);

/** Every lifecycle transition the sandbox made, e.g. "deployment lifecycleone: Creating → Created". */
export const transitionLines: LogLinePick = (line) => (line.startsWith('deployment ') ? line : undefined);

export interface SandboxForTests {
  /** The running sandbox; set once before() has run. */
  readonly sb: Sandbox;
  /** The log lines picked so far, in order (the same array for the whole run). */
  readonly lines: string[];
}

export interface ConnectedSandbox extends SandboxForTests {
  /** The extension's REST client on the sandbox (sandboxClient with the options given). */
  readonly client: HopsworksClient;
  /** The client of the seeded project. */
  readonly project: ProjectClient;
}

type Settings = Omit<TestSandboxSettings, 'log'>;

function startedForTests(
  settings: Settings,
  pick: LogLinePick | undefined,
  started: (sb: Sandbox) => void,
  stopping: () => void,
): string[] {
  const lines: string[] = [];
  let sb: Sandbox | undefined;
  before(async () => {
    sb = await startTestSandbox({
      ...settings,
      ...(pick && {
        log: (line: string) => {
          const kept = pick(line);
          if (kept !== undefined) lines.push(kept);
        },
      }),
    });
    started(sb);
  });
  after(async () => {
    stopping();
    await sb?.stop();
  });
  return lines;
}

/** A sandbox for the tests at this level, with the log lines `pick` keeps (none without it). */
export function sandboxForTests(settings: Settings, pick?: LogLinePick): SandboxForTests {
  let sb: Sandbox | undefined;
  const lines = startedForTests(
    settings,
    pick,
    (s) => (sb = s),
    () => undefined,
  );
  return {
    get sb() {
      return started(sb);
    },
    lines,
  };
}

/** As sandboxForTests, plus the extension's client on it and the seeded project's client. */
export function connectedToSandbox(
  settings: Settings,
  clientOptions: Parameters<typeof sandboxClient>[1],
  pick?: LogLinePick,
): ConnectedSandbox {
  let on: { sb: Sandbox; client: HopsworksClient; project: ProjectClient } | undefined;
  const lines = startedForTests(
    settings,
    pick,
    (sb) => {
      const client = sandboxClient(sb, clientOptions);
      on = { sb, client, project: client.project(sb.projectId, sb.project) };
    },
    () => on?.client.dispose(),
  );
  return {
    get sb() {
      return started(on).sb;
    },
    get client() {
      return started(on).client;
    },
    get project() {
      return started(on).project;
    },
    lines,
  };
}

function started<T>(value: T | undefined): T {
  if (value === undefined)
    throw new Error('the test sandbox is read before its before() hook has started it');
  return value;
}
