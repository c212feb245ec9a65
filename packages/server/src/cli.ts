#!/usr/bin/env node
import { isAttuneError } from '@attune/core';
import { loadConfig } from './config.js';
import { listen } from './http/node-listener.js';
import { createAttuneServer } from './server.js';

const usage = `attune-server: Attune's reference backend (visit API, LiveKit tokens and admission, FHIR subset, audit log)

  --port N                 ATTUNE_PORT             (default 8787; 0 picks a free port)
  --host H                 ATTUNE_HOST             (default 127.0.0.1)
  --db PATH                ATTUNE_DB               SQLite file (default ./attune.db)
  --postgres URL           ATTUNE_POSTGRES_URL     PostgreSQL instead of SQLite (for several instances)
  --dev                    ATTUNE_DEV              /dev/login for demo users; LiveKit dev keys by default
  --seed-demo              ATTUNE_SEED_DEMO        create (or reset) the demo clinic's users and visits
  --livekit-url URL        LIVEKIT_URL
  --livekit-public-url URL LIVEKIT_PUBLIC_URL      what browsers connect to, if different
  --livekit-api-key K      LIVEKIT_API_KEY
  --livekit-api-secret S   LIVEKIT_API_SECRET
  --host-jwt-secret S      ATTUNE_HOST_JWT_SECRET  HS256 secret your app signs user tokens with
  --host-jwt-public-key P  ATTUNE_HOST_JWT_PUBLIC_KEY  or an ES256/RS256 PEM public key
  --host-jwt-jwks-url URL  ATTUNE_HOST_JWT_JWKS_URL    or a JWKS URL
  --cors-origins LIST      ATTUNE_CORS_ORIGINS     comma-separated origins allowed to call the API
  --room-prefix P          ATTUNE_ROOM_PREFIX      LiveKit room names start with it (default attune)`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const config = loadConfig(process.env, argv);
  const server = await createAttuneServer(config);
  const http = await listen(server, { host: config.host, port: config.port });
  console.log(
    `attune-server listening on ${http.url} (${config.store.kind === 'sqlite' ? `SQLite ${config.store.path}` : 'PostgreSQL'}` +
      `${config.dev ? ', dev mode' : ''}; LiveKit ${config.livekit.url})`,
  );
  const stop = async () => {
    await http.close();
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    // One clear paragraph, no stack trace: configuration mistakes are the operator's to fix, not a crash.
    if (isAttuneError(error) && error.code === 'config/invalid') {
      console.error(`attune-server: ${error.message}\nRun attune-server --help for every option.`);
      process.exit(2);
    }
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`attune-server could not start: ${reason}`);
    process.exit(1);
  },
);
