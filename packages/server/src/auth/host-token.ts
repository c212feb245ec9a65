import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { AttuneError, type VisitRole } from '@attune/core';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { ServerConfig } from '../config.js';

/** Who is calling, as the host app vouched for them. */
export interface Caller {
  userId: string;
  role: VisitRole;
  /** FHIR Patient id: the only subject a patient may read or write records about. */
  patientId?: string | undefined;
}

export interface HostTokens {
  verify(authorization: string | null): Promise<Caller>;
  /** Dev mode only: a host token for a demo user, as a host app would issue it. */
  issue(caller: Caller, ttlSeconds?: number): Promise<string>;
}

function unauthenticated(message: string, cause?: unknown): AttuneError {
  return new AttuneError('auth/unauthenticated', message, { status: 401, cause });
}

/**
 * Checks the host app's session tokens: HS256 with a shared secret, or ES256/RS256 with a public
 * key or JWKS. `exp` is required; `role` must be patient or clinician.
 */
export function createHostTokens(hostAuth: ServerConfig['hostAuth'], dev: boolean): HostTokens {
  // Dev mode without a configured secret: a random one per process, so dev tokens never outlive it.
  const secretText = hostAuth.secret ?? (dev ? randomBytes(32).toString('base64url') : undefined);
  const secret = secretText === undefined ? undefined : new TextEncoder().encode(secretText);
  const publicKey: KeyObject | undefined = hostAuth.publicKey ? createPublicKey(hostAuth.publicKey) : undefined;
  const jwks: JWTVerifyGetKey | undefined = hostAuth.jwksUrl ? createRemoteJWKSet(new URL(hostAuth.jwksUrl)) : undefined;

  async function verifyWithAny(token: string) {
    const options = { requiredClaims: ['exp', 'sub'] };
    if (secret) {
      try {
        return await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] });
      } catch (error) {
        if (!publicKey && !jwks) throw error;
        if (!(error instanceof joseErrors.JOSEAlgNotAllowed) && !(error instanceof joseErrors.JWSSignatureVerificationFailed)) {
          throw error;
        }
      }
    }
    if (publicKey) {
      try {
        return await jwtVerify(token, publicKey, { ...options, algorithms: ['ES256', 'RS256'] });
      } catch (error) {
        if (!jwks) throw error;
      }
    }
    if (jwks) return jwtVerify(token, jwks, { ...options, algorithms: ['ES256', 'RS256'] });
    throw unauthenticated('This server has no way to check sign-in tokens.');
  }

  return {
    async verify(authorization) {
      const match = authorization?.match(/^Bearer\s+(\S+)$/i);
      if (!match) throw unauthenticated('Sign-in is required: send Authorization: Bearer <token>.');
      let payload;
      try {
        ({ payload } = await verifyWithAny(match[1]!));
      } catch (error) {
        if (error instanceof AttuneError) throw error;
        const expired = error instanceof joseErrors.JWTExpired;
        throw unauthenticated(expired ? 'The sign-in token has expired.' : 'The sign-in token is not valid.', error);
      }
      const { sub, role, patient } = payload as { sub?: unknown; role?: unknown; patient?: unknown };
      if (typeof sub !== 'string' || sub === '') throw unauthenticated('The sign-in token names no user.');
      if (role !== 'patient' && role !== 'clinician') {
        throw unauthenticated('The sign-in token must carry role "patient" or "clinician".');
      }
      if (patient !== undefined && typeof patient !== 'string') throw unauthenticated('The sign-in token has a malformed patient claim.');
      return { userId: sub, role, patientId: patient };
    },

    async issue(caller, ttlSeconds = 8 * 60 * 60) {
      if (!secret) {
        throw new AttuneError('auth/forbidden', 'Dev sign-in needs ATTUNE_HOST_JWT_SECRET (or no host key at all).', { status: 403 });
      }
      return new SignJWT({ role: caller.role, ...(caller.patientId ? { patient: caller.patientId } : {}) })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(caller.userId)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
        .sign(secret);
    },
  };
}
