// Makes sure the Debian packages the sandbox and the browser/VS Code tests need (scripts/system-packages.txt)
// are present, so that `npm start` and `npm test` work on a fresh machine. Installs with apt-get when running
// as root (or with passwordless sudo); otherwise prints the one command to run and exits non-zero.
import { execFileSync, spawnSync } from 'node:child_process';
import { missingSystemPackages } from './system-packages.mjs';

const missing = missingSystemPackages();

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
