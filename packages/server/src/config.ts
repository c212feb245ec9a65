import { AttuneError } from '@attune/core';

export interface ServerConfig {
  host: string;
  port: number;
  store: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  /** Dev mode: `/dev/login` hands out host tokens for the demo users, and LiveKit's dev keys are the default. */
  dev: boolean;
  seedDemo: boolean;
  livekit: {
    /** Where this server reaches LiveKit's API (http[s]:// or ws[s]://). */
    url: string;
    /** What browsers connect to (ws[s]://); defaults to `url`. */
    publicUrl: string;
    apiKey: string;
    apiSecret: string;
  };
  /** How the host app signs the tokens it gives its users: a shared secret (HS256), a public key or a JWKS URL. */
  hostAuth: { secret?: string | undefined; publicKey?: string | undefined; jwksUrl?: string | undefined };
  /** Origins allowed to call the API from a browser; `*` allows any. */
  corsOrigins: string[];
  /** Starts every LiveKit room name, so several deployments can share one LiveKit. */
  roomPrefix: string;
}

type Env = Record<string, string | undefined>;

const DEFAULT_PORT = 8787;

// Options that take a value, by flag, with the environment variable each one overrides.
const valueFlags = {
  '--port': 'ATTUNE_PORT',
  '--host': 'ATTUNE_HOST',
  '--db': 'ATTUNE_DB',
  '--postgres': 'ATTUNE_POSTGRES_URL',
  '--livekit-url': 'LIVEKIT_URL',
  '--livekit-public-url': 'LIVEKIT_PUBLIC_URL',
  '--livekit-api-key': 'LIVEKIT_API_KEY',
  '--livekit-api-secret': 'LIVEKIT_API_SECRET',
  '--host-jwt-secret': 'ATTUNE_HOST_JWT_SECRET',
  '--host-jwt-public-key': 'ATTUNE_HOST_JWT_PUBLIC_KEY',
  '--host-jwt-jwks-url': 'ATTUNE_HOST_JWT_JWKS_URL',
  '--cors-origins': 'ATTUNE_CORS_ORIGINS',
  '--room-prefix': 'ATTUNE_ROOM_PREFIX',
} as const;
const booleanFlags = { '--dev': 'ATTUNE_DEV', '--seed-demo': 'ATTUNE_SEED_DEMO' } as const;

function invalid(message: string): AttuneError {
  return new AttuneError('config/invalid', message);
}

/** Flags win over the environment; every value ends up under its environment variable's name. */
function mergeArgv(env: Env, argv: readonly string[]): Env {
  const merged: Env = { ...env };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag in booleanFlags) {
      merged[booleanFlags[flag as keyof typeof booleanFlags]] = inline ?? 'true';
    } else if (flag in valueFlags) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        throw invalid(`The flag ${flag} needs a value, e.g. ${flag}=… .`);
      }
      merged[valueFlags[flag as keyof typeof valueFlags]] = value;
    } else {
      const known = [...Object.keys(valueFlags), ...Object.keys(booleanFlags)].join(', ');
      throw invalid(`Unknown option ${flag}. Known options: ${known}.`);
    }
  }
  return merged;
}

function booleanValue(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  throw invalid(`${name} must be true or false (got "${value}").`);
}

function urlValue(name: string, value: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${name} must be a URL such as ${protocols[0]}//127.0.0.1:7880 (got "${value}").`);
  }
  if (!protocols.includes(url.protocol)) {
    throw invalid(`${name} must start with ${protocols.join(' or ')} (got "${value}").`);
  }
  return value.replace(/\/$/, '');
}

/**
 * Reads the server's configuration from environment variables and command-line flags.
 * Throws `AttuneError('config/invalid')` naming the variable or flag at fault.
 */
export function loadConfig(env: Env = process.env, argv: readonly string[] = []): ServerConfig {
  const vars = mergeArgv(env, argv);
  const dev = booleanValue('ATTUNE_DEV (--dev)', vars.ATTUNE_DEV);

  const portText = vars.ATTUNE_PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw invalid(`ATTUNE_PORT (--port) must be a port number from 0 to 65535 (got "${portText}").`);
  }

  if (vars.ATTUNE_DB && vars.ATTUNE_POSTGRES_URL) {
    throw invalid('Choose one store: ATTUNE_DB (--db, a SQLite file) or ATTUNE_POSTGRES_URL (--postgres), not both.');
  }
  const store: ServerConfig['store'] = vars.ATTUNE_POSTGRES_URL
    ? { kind: 'postgres', url: urlValue('ATTUNE_POSTGRES_URL (--postgres)', vars.ATTUNE_POSTGRES_URL, ['postgres:', 'postgresql:']) }
    : { kind: 'sqlite', path: vars.ATTUNE_DB || 'attune.db' };

  // LiveKit's own dev mode (`livekit-server --dev`) uses devkey/secret on port 7880.
  const livekitUrl = vars.LIVEKIT_URL ?? (dev ? 'ws://127.0.0.1:7880' : undefined);
  const apiKey = vars.LIVEKIT_API_KEY ?? (dev ? 'devkey' : undefined);
  const apiSecret = vars.LIVEKIT_API_SECRET ?? (dev ? 'secret' : undefined);
  const missing = [
    livekitUrl ? undefined : 'LIVEKIT_URL (--livekit-url)',
    apiKey ? undefined : 'LIVEKIT_API_KEY',
    apiSecret ? undefined : 'LIVEKIT_API_SECRET',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw invalid(
      `LiveKit is not configured: set ${missing.join(', ')}. The server signs LiveKit tokens with the API key and ` +
        'secret, so they stay on the server. For a local try-out, --dev uses livekit-server --dev defaults.',
    );
  }
  const ws = ['ws:', 'wss:', 'http:', 'https:'];
  const url = urlValue('LIVEKIT_URL (--livekit-url)', livekitUrl!, ws);
  const publicUrl = vars.LIVEKIT_PUBLIC_URL ? urlValue('LIVEKIT_PUBLIC_URL', vars.LIVEKIT_PUBLIC_URL, ws) : url;

  const hostAuth = {
    secret: vars.ATTUNE_HOST_JWT_SECRET || undefined,
    publicKey: vars.ATTUNE_HOST_JWT_PUBLIC_KEY || undefined,
    jwksUrl: vars.ATTUNE_HOST_JWT_JWKS_URL
      ? urlValue('ATTUNE_HOST_JWT_JWKS_URL', vars.ATTUNE_HOST_JWT_JWKS_URL, ['https:', 'http:'])
      : undefined,
  };
  if (hostAuth.secret !== undefined && hostAuth.secret.length < 32) {
    throw invalid('ATTUNE_HOST_JWT_SECRET must be at least 32 characters: it signs every user session token.');
  }
  if (hostAuth.publicKey !== undefined && !hostAuth.publicKey.includes('BEGIN PUBLIC KEY')) {
    throw invalid('ATTUNE_HOST_JWT_PUBLIC_KEY must be a PEM public key ("-----BEGIN PUBLIC KEY-----…").');
  }
  if (!dev && !hostAuth.secret && !hostAuth.publicKey && !hostAuth.jwksUrl) {
    throw invalid(
      'Host authentication is not configured: set ATTUNE_HOST_JWT_SECRET (HS256, at least 32 characters), ' +
        'ATTUNE_HOST_JWT_PUBLIC_KEY (ES256/RS256 PEM) or ATTUNE_HOST_JWT_JWKS_URL, so the server can check the tokens your app gives its users.',
    );
  }

  const corsOrigins = (vars.ATTUNE_CORS_ORIGINS ?? (dev ? '*' : ''))
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => (origin === '*' ? origin : urlValue('ATTUNE_CORS_ORIGINS', origin, ['http:', 'https:'])));

  const roomPrefix = vars.ATTUNE_ROOM_PREFIX || 'attune';
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(roomPrefix)) {
    throw invalid('ATTUNE_ROOM_PREFIX (--room-prefix) must be 1-32 lowercase letters, digits or dashes.');
  }

  return {
    host: vars.ATTUNE_HOST || '127.0.0.1',
    port,
    store,
    dev,
    seedDemo: booleanValue('ATTUNE_SEED_DEMO (--seed-demo)', vars.ATTUNE_SEED_DEMO),
    livekit: { url, publicUrl, apiKey: apiKey!, apiSecret: apiSecret! },
    hostAuth,
    corsOrigins,
    roomPrefix,
  };
}
