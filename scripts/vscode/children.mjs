// Child processes the VS Code scripts start, and stopping every one of them on exit, Ctrl-C or SIGTERM.
// Each child gets its own process group, so stopping it also stops what it started (VS Code's extension
// host, file watchers, the sandbox's broker) and nothing else on the machine.
import { spawn } from 'node:child_process';

const live = new Set();
const cleanups = [];

/** spawn() in a new process group that stopAll() will end. */
export function spawnTracked(command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

function signalGroup(child, signal) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function exited(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM to every child's group; SIGKILL to those still there after graceMs. */
export async function stopChild(child, graceMs = 5000) {
  signalGroup(child, 'SIGTERM');
  if (!(await exited(child, graceMs))) {
    signalGroup(child, 'SIGKILL');
    await exited(child, 2000);
  }
  // The leader may be gone while members of its group linger (e.g. an orphaned extension host).
  signalGroup(child, 'SIGKILL');
}

/** Registers something to run (once, in reverse order) before the children are stopped. */
export function onCleanup(fn) {
  cleanups.push(fn);
}

let stopping;
export function stopAll() {
  stopping ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(`[cleanup] ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    await Promise.all([...live].map((c) => stopChild(c)));
  })();
  return stopping;
}

/** Calls handler(signal, exitCode) on Ctrl-C, SIGTERM and SIGHUP, with the conventional 128+n exit code. */
export function onSignals(handler) {
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [signal, code] of Object.entries(codes)) process.on(signal, () => handler(signal, code));
}

/** Ctrl-C, SIGTERM and SIGHUP stop everything, then exit. */
export function stopAllOnSignals() {
  onSignals((signal, code) => void stopAll().finally(() => process.exit(code)));
}
