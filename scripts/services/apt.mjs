// Installs Debian packages on first use. Without root or apt, explains what to install instead
// of failing with a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export class MissingPrerequisite extends Error {
  name = 'MissingPrerequisite';
}

let updated = false;

export async function ensureAptPackages(packages, why) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new MissingPrerequisite(
      `${why}\nPlease install these packages and run the command again: ${packages.join(' ')}` +
        `\n(on Debian or Ubuntu: sudo apt-get install -y ${packages.join(' ')}).`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) {
    console.log(`[attune] apt-get update (for ${packages.join(', ')})`);
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    if (update.status !== 0) throw new MissingPrerequisite(`apt-get update failed; install by hand: ${packages.join(' ')}`);
    updated = true;
  }
  console.log(`[attune] apt-get install ${packages.join(' ')}`);
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  if (install.status !== 0) throw new MissingPrerequisite(`apt-get install failed; install by hand: ${packages.join(' ')}`);
}
