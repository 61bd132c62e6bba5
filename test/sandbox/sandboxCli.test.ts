// `npm run sandbox` as a script uses it: start the CLI, read its JSON line, talk to it, stop it with a
// signal, and check that nothing is left running.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { describe, it } from 'node:test';

const repo = path.resolve(import.meta.dirname, '../..');

interface Settings {
  host: string;
  port: number;
  project: string;
  apiKey: string;
  caFile: string;
  hopsworks: string;
  dataScientistApiKey: string;
}

function startCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts', ...args], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI until it exits by itself: its exit code and everything it wrote to stderr. */
async function runToExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = startCli(args);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (c: string) => (stderr += c));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

const EPHEMERAL = ['--port', '0', '--kafka-port', '0', '--kafka-tls-port', '0', '--kafka-control-port', '0'];

async function readSettings(child: ChildProcess): Promise<{ settings: Settings; stdout: string }> {
  let stdout = '';
  child.stdout?.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no JSON line within 30 s; stdout: ${stdout}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`exited early with ${code}; stdout: ${stdout}`)));
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve({ settings: JSON.parse(line) as Settings, stdout });
      }
    });
  });
}

/** All descendants of a process (Linux /proc), so we can check none survive it. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function request(
  settings: Settings,
  method: string,
  urlPath: string,
  key: string | undefined,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .request(
        `https://${settings.host}:${settings.port}/hopsworks-api/api${urlPath}`,
        {
          method,
          ca: readFileSync(settings.caFile, 'utf8'),
          headers: key ? { Authorization: `ApiKey ${key}` } : {},
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      )
      .on('error', reject)
      .end();
  });
}

async function get(settings: Settings, urlPath: string, auth: boolean): Promise<number> {
  return (await request(settings, 'GET', urlPath, auth ? settings.apiKey : undefined)).status;
}

void describe('npm run sandbox (sandbox/main.ts)', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    void it(`prints the settings and a JSON line, serves them, and exits cleanly on ${signal}`, async () => {
      const child = startCli([...EPHEMERAL, '--rate', '0', '--quiet']);
      try {
        const { settings, stdout } = await readSettings(child);
        assert.equal(settings.host, '127.0.0.1');
        assert.equal(settings.project, 'mlops');
        assert.ok(settings.port > 0);
        assert.ok(stdout.includes(`API key:`) && stdout.includes('Kafka bootstrap:'), stdout);
        assert.equal(await get(settings, '/variables/versions', false), 200);
        assert.equal(await get(settings, '/project', true), 200);
        assert.equal(settings.hopsworks, '5.0', 'the newest version by default');
        assert.match(stdout, /^Hopsworks sandbox is running \(Hopsworks 5\.0\)\./m);

        const children = descendants(child.pid as number);
        const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
        child.kill(signal);
        const [code, killedBy] = await exited;
        assert.equal(killedBy, null, 'handled the signal instead of dying of it');
        assert.equal(code, 0);
        assert.ok(!alive(child.pid as number));
        // tsx may run an esbuild helper that ends when its parent's pipe closes: wait for it to go (a budget
        // for a loaded machine; the loop ends as soon as it has).
        const deadline = Date.now() + 30_000;
        while (children.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(children.filter(alive), [], 'no child process left');
        assert.ok(!existsSync(settings.caFile), 'temporary state removed');
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });
  }

  void it('--hopsworks 4.2 stands for that version; the Data scientist key reads and is refused writes', async () => {
    const child = startCli([
      ...EPHEMERAL,
      '--rate',
      '0',
      '--quiet',
      '--hopsworks',
      '4.2',
      '--max-topics',
      '3',
    ]);
    try {
      const { settings } = await readSettings(child);
      assert.equal(settings.hopsworks, '4.2');
      const versions = await request(settings, 'GET', '/variables/versions', undefined);
      assert.match(versions.body, /"software":"hopsworks","version":"4\.2\.2"/);
      const ds = settings.dataScientistApiKey;
      assert.match(ds, /^[A-Za-z0-9]{16}\.[A-Za-z0-9]{64}$/);
      assert.notEqual(ds, settings.apiKey);
      assert.equal((await request(settings, 'GET', '/project/119/serving', ds)).status, 200);
      const stop = await request(settings, 'POST', '/project/119/serving/21?action=STOP', ds);
      assert.deepEqual(
        [stop.status, (JSON.parse(stop.body) as { errorCode: number }).errorCode],
        [403, 150068],
      );
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });

  void it('rejects a bad option with a clear message and exit code 2', async () => {
    const refused: [string[], RegExp][] = [
      [['--port', 'eighty'], /--port must be a number/],
      [['--hopsworks', '3.8'], /--hopsworks must be one of 4\.2, 4\.6, 4\.8, 5\.0, got "3\.8"/],
    ];
    for (const [args, message] of refused) {
      const { code, stderr } = await runToExit(args);
      assert.equal(code, 2);
      assert.match(stderr, message);
    }
  });
});
