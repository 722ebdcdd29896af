import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Debian's Chromium, headless. In CI a missing browser is a failure, never a skip. */
export function chromiumPath(): string | undefined {
  const found = CANDIDATES.find((p): p is string => !!p && fs.existsSync(p));
  if (!found && process.env.CI) throw new Error('CI=true but no Chromium was found: install Debian\'s chromium package (see .ci/run).');
  return found;
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
