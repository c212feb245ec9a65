// `npm start`: the demo clinic. Installs what is missing, builds the packages, starts a local LiveKit
// server, the reference server on its embedded SQLite store (.attune/attune.db, seeded with demo
// appointments and dev logins) and serves the patient and clinician pages. Ctrl-C stops everything.
import { ensureInstall } from './ensure-install.mjs';

await ensureInstall();

const { spawnSync } = await import('node:child_process');
const { mkdirSync } = await import('node:fs');
const { resolve } = await import('node:path');
const { startLivekit } = await import('./services/livekit.mjs');
const { spawnTracked, waitForHttp, freePort } = await import('./services/processes.mjs');
const { buildClinic, serveClinic } = await import('../examples/clinic/serve.mjs');

const root = resolve(import.meta.dirname, '..');
const host = '127.0.0.1';

function step(message) {
  console.log(`[attune] ${message}`);
}

try {
  step('building the packages');
  const build = spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed (see above)');

  mkdirSync(resolve(root, '.attune'), { recursive: true });
  const serverPort = Number(process.env.ATTUNE_PORT ?? (await freePort()));
  const clinicPort = Number(process.env.ATTUNE_CLINIC_PORT ?? 5173);
  const serverUrl = `http://${host}:${serverPort}`;
  const clinicUrl = `http://${host}:${clinicPort}`;

  step('starting LiveKit');
  const livekit = await startLivekit({ webhookUrl: `${serverUrl}/livekit/webhook` });

  step('starting the reference server on .attune/attune.db');
  const server = spawnTracked(
    process.execPath,
    [
      resolve(root, 'packages/server/dist/cli.js'),
      '--dev',
      '--seed-demo',
      '--host', host,
      '--port', String(serverPort),
      '--db', resolve(root, '.attune/attune.db'),
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        LIVEKIT_URL: livekit.httpUrl,
        LIVEKIT_PUBLIC_URL: livekit.url,
        LIVEKIT_API_KEY: livekit.apiKey,
        LIVEKIT_API_SECRET: livekit.apiSecret,
        ATTUNE_CORS_ORIGINS: `${clinicUrl},http://localhost:${clinicPort}`,
      },
    },
  );
  await waitForHttp(`${serverUrl}/health`, { timeoutMs: 60_000, child: server });

  step('bundling the demo clinic');
  await buildClinic();
  await serveClinic({ host, port: clinicPort, serverUrl, livekitUrl: livekit.url });

  console.log(`
  Attune demo clinic is running.

    Patient page:    ${clinicUrl}/patient.html
    Clinician page:  ${clinicUrl}/clinician.html
    Reference server ${serverUrl}   (dev logins on; SQLite at .attune/attune.db)
    LiveKit          ${livekit.url}

  Open the patient page in one window and the clinician page in another.
  Press Ctrl-C to stop everything.
`);
} catch (error) {
  console.error(`\n[attune] npm start could not start the demo clinic: ${error.message}`);
  process.exit(1);
}
