// Makes sure the Debian packages the sandbox and the browser/VS Code tests need are present, so that
// `npm start` and `npm test` work on a fresh machine. Installs with apt-get when running as root (or with
// passwordless sudo); otherwise prints the one command to run and exits non-zero.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** package → a file whose presence proves it is installed */
const PACKAGES = {
  librdkafka1: ['/usr/lib/x86_64-linux-gnu/librdkafka.so.1', '/usr/lib/aarch64-linux-gnu/librdkafka.so.1'],
  openssl: ['/usr/bin/openssl'],
  // the sandbox suite runs the command "Copy as curl" copies
  curl: ['/usr/bin/curl'],
  chromium: ['/usr/bin/chromium'],
  // code-server's native modules compile at install time (scripts/vscode/tools.mjs)
  'build-essential': ['/usr/bin/make', '/usr/bin/g++'],
  python3: ['/usr/bin/python3'],
  'pkg-config': ['/usr/bin/pkg-config'],
  'libkrb5-dev': ['/usr/include/gssapi/gssapi.h'],
};

const missing = Object.entries(PACKAGES)
  .filter(([, files]) => !files.some((f) => fs.existsSync(f)))
  .map(([name]) => name);

if (missing.length === 0) process.exit(0);

const isRoot = process.getuid?.() === 0;
const hasSudo = !isRoot && spawnSync('sudo', ['-n', 'true']).status === 0;
const prefix = isRoot ? [] : hasSudo ? ['sudo', '-n'] : undefined;
const cmd = `apt-get update && apt-get install -y ${missing.join(' ')}`;
if (!prefix) {
  console.error(`Missing Debian packages: ${missing.join(', ')}.\nInstall them with:\n  sudo sh -c '${cmd}'`);
  process.exit(1);
}
console.log(`Installing Debian packages: ${missing.join(', ')} …`);
const run = (args) => {
  const [bin, ...rest] = [...prefix, ...args];
  execFileSync(bin, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
};
run(['apt-get', 'update', '-qq']);
run(['apt-get', 'install', '-y', '-qq', ...missing]);
