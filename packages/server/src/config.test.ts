import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { AttuneError } from '@attune/core';
import { loadConfig } from './config.js';

const production = {
  LIVEKIT_URL: 'wss://media.clinic.example',
  LIVEKIT_API_KEY: 'key',
  LIVEKIT_API_SECRET: 'a-livekit-secret-of-at-least-32-chars',
  ATTUNE_HOST_JWT_SECRET: 'a-host-secret-of-at-least-32-characters',
};

function configError(env: Record<string, string>, argv: string[] = []): AttuneError {
  try {
    loadConfig(env, argv);
  } catch (error) {
    assert.ok(error instanceof AttuneError, 'a typed AttuneError');
    assert.equal(error.code, 'config/invalid');
    return error;
  }
  assert.fail('expected a config/invalid error');
}

describe('loadConfig', () => {
  it('reads a production configuration from the environment, SQLite by default', () => {
    const config = loadConfig(production, []);
    assert.equal(config.dev, false);
    assert.equal(config.port, 8787);
    assert.deepEqual(config.store, { kind: 'sqlite', path: 'attune.db' });
    assert.equal(config.livekit.url, 'wss://media.clinic.example');
    assert.equal(config.livekit.publicUrl, 'wss://media.clinic.example');
    assert.deepEqual(config.corsOrigins, []);
  });

  it('lets flags override the environment', () => {
    const config = loadConfig({ ...production, ATTUNE_PORT: '9000' }, [
      '--port',
      '0',
      '--postgres=postgres://db.example/attune',
      '--cors-origins',
      'http://a.example, http://b.example',
      '--livekit-public-url',
      'wss://public.example',
    ]);
    assert.equal(config.port, 0);
    assert.deepEqual(config.store, { kind: 'postgres', url: 'postgres://db.example/attune' });
    assert.deepEqual(config.corsOrigins, ['http://a.example', 'http://b.example']);
    assert.equal(config.livekit.publicUrl, 'wss://public.example');
  });

  it('falls back to livekit-server --dev defaults and any origin in dev mode', () => {
    const config = loadConfig({}, ['--dev', '--seed-demo']);
    assert.equal(config.dev, true);
    assert.equal(config.seedDemo, true);
    assert.deepEqual(config.livekit, { url: 'ws://127.0.0.1:7880', publicUrl: 'ws://127.0.0.1:7880', apiKey: 'devkey', apiSecret: 'secret' });
    assert.deepEqual(config.corsOrigins, ['*']);
  });

  it('names the variable or flag at fault', () => {
    assert.match(configError({ ...production, ATTUNE_PORT: 'eighty' }).message, /ATTUNE_PORT \(--port\)/);
    assert.match(configError({ ...production, LIVEKIT_URL: '' }).message, /LIVEKIT_URL/);
    assert.match(configError({ ...production, LIVEKIT_URL: 'ftp://x' }).message, /LIVEKIT_URL.*ws:/);
    assert.match(configError({ ...production, ATTUNE_HOST_JWT_SECRET: 'short' }).message, /ATTUNE_HOST_JWT_SECRET.*32/);
    assert.match(configError({ ...production, ATTUNE_HOST_JWT_SECRET: '' }).message, /Host authentication is not configured/);
    assert.match(configError({ ...production, ATTUNE_DB: 'a.db', ATTUNE_POSTGRES_URL: 'postgres://x/y' }).message, /not both/);
    assert.match(configError({ ...production, ATTUNE_POSTGRES_URL: 'mysql://x/y' }).message, /ATTUNE_POSTGRES_URL/);
    assert.match(configError(production, ['--prot', '1']).message, /Unknown option --prot/);
    assert.match(configError(production, ['--port']).message, /--port needs a value/);
    assert.match(configError({ ...production, ATTUNE_DEV: 'maybe' }).message, /ATTUNE_DEV/);
    assert.match(configError({ ...production, ATTUNE_CORS_ORIGINS: 'clinic.example' }).message, /ATTUNE_CORS_ORIGINS/);
  });

  it('never echoes a secret in its messages', () => {
    const secret = 'sh0rt-s3cret';
    assert.doesNotMatch(configError({ ...production, ATTUNE_HOST_JWT_SECRET: secret }).message, new RegExp(secret));
  });
});

describe('attune-server CLI', () => {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', cli, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 30_000,
    });

  it('exits 2 with one clear paragraph and no stack trace on a bad configuration', () => {
    const result = run(['--port', 'eighty', '--dev']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /attune-server: ATTUNE_PORT \(--port\) must be a port number/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });

  it('exits 2 when LiveKit or host authentication is missing outside dev mode', () => {
    const result = run([]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /LIVEKIT_URL/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it('prints its options with --help', () => {
    const result = run(['--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /--postgres URL/);
  });
});
