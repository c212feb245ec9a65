import { randomBytes } from 'node:crypto';
import type { VisitRole } from '@attune/core';
import {
  AccessToken,
  DataPacket_Kind,
  RoomServiceClient,
  TrackSource,
  WebhookReceiver,
  type ParticipantPermission,
  type VideoGrant,
} from 'livekit-server-sdk';
import type { ServerConfig } from '../config.js';
import { isLivekitNotFound } from './livekit-errors.js';

/** LiveKit tokens live at most ten minutes: long enough to connect, short enough to be useless if leaked. */
export const TOKEN_TTL_SECONDS = 600;

/** The participant attribute the waiting room and the queue read: waiting until the server admits. */
export const STATE_ATTRIBUTE = 'attune.state';
export const ROLE_ATTRIBUTE = 'attune.role';

/** Topic of every control message the server sends over LiveKit's data channel. */
export const CONTROL_TOPIC = 'attune.control';

export type ControlMessage =
  | { type: 'denied'; reason?: string }
  | { type: 'hold-message'; message: string }
  | { type: 'visit-ended' }
  | { type: 'queue-changed'; appointmentId: string }
  /**
   * To one waiting patient: their place (1 is next) among those waiting for the clinician, and what the
   * clinician says: their own words (`clinicianStatus`) or a "running late" in minutes the patient's
   * waiting room words in the patient's language (`clinicianLateMinutes`); at most one is set.
   */
  | { type: 'queue-status'; position: number; waitingCount: number; clinicianStatus: string | null; clinicianLateMinutes: number | null };

/** A random identity that says nothing about the person: `p-…` patient, `c-…` clinician, `d-…` desk, `t-…` connection test. */
export function newIdentity(kind: 'p' | 'c' | 'd' | 't'): string {
  return `${kind}-${randomBytes(9).toString('base64url')}`;
}

/** Everything an admitted patient or a clinician may do; updateParticipant replaces the set, so all fields are sent. */
export const fullPermission: Partial<ParticipantPermission> = {
  canSubscribe: true,
  canPublish: true,
  canPublishData: true,
  canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO],
  hidden: false,
  recorder: false,
  canUpdateMetadata: false,
  agent: false,
  canSubscribeMetrics: false,
};

function lobbyGrant(room: string): VideoGrant {
  return { roomJoin: true, room, canPublish: false, canSubscribe: false, canPublishData: true, canUpdateOwnMetadata: false };
}

function inCallGrant(room: string): VideoGrant {
  return { roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true, canUpdateOwnMetadata: false };
}

export interface IssuedToken {
  token: string;
  expiresAt: number;
}

/** The server's one door to LiveKit: tokens, room service calls, webhook checks. */
export class LivekitAccess {
  readonly rooms: RoomServiceClient;
  readonly webhooks: WebhookReceiver;
  readonly publicUrl: string;

  constructor(
    private readonly config: ServerConfig['livekit'],
    private readonly roomPrefix = 'attune',
  ) {
    this.rooms = new RoomServiceClient(config.url.replace(/^ws/, 'http'), config.apiKey, config.apiSecret);
    this.webhooks = new WebhookReceiver(config.apiKey, config.apiSecret);
    this.publicUrl = config.publicUrl.replace(/^http/, 'ws');
  }

  /** The clinician's data-only desk room. */
  deskRoom(clinicianUserId: string): string {
    return `${this.roomPrefix}-desk-${clinicianUserId}`;
  }

  /** A throwaway room for one connection test; never a visit room, so no queue reads it. */
  probeRoom(): string {
    return `${this.roomPrefix}-probe-${randomBytes(9).toString('base64url')}`;
  }

  private async sign(identity: string, grant: VideoGrant, attributes: Record<string, string>): Promise<IssuedToken> {
    const token = new AccessToken(this.config.apiKey, this.config.apiSecret, { identity, ttl: TOKEN_TTL_SECONDS, attributes });
    token.addGrant(grant);
    const jwt = await token.toJwt();
    return { token: jwt, expiresAt: Math.floor(Date.now() / 1000) + TOKEN_TTL_SECONDS };
  }

  /** A patient waits in the lobby (data only) unless already admitted; a clinician is in the call. */
  visitToken(room: string, identity: string, role: VisitRole, admitted: boolean): Promise<IssuedToken> {
    if (role === 'clinician') return this.sign(identity, inCallGrant(room), { [ROLE_ATTRIBUTE]: 'clinician' });
    return this.sign(identity, admitted ? inCallGrant(room) : lobbyGrant(room), {
      [ROLE_ATTRIBUTE]: 'patient',
      [STATE_ATTRIBUTE]: admitted ? 'admitted' : 'waiting',
    });
  }

  /** The clinician's desk: a data-only room where the server says "the queue changed". */
  deskToken(room: string, identity: string): Promise<IssuedToken> {
    return this.sign(identity, { roomJoin: true, room, canPublish: false, canSubscribe: false, canPublishData: false }, {
      [ROLE_ATTRIBUTE]: 'desk',
    });
  }

  /**
   * A connection test: hidden, may publish (a short audio track proves media flows) but never
   * subscribe, and carries no attributes, so nothing that reads the queue ever counts it.
   */
  probeToken(room: string, identity: string): Promise<IssuedToken> {
    return this.sign(
      identity,
      { roomJoin: true, room, hidden: true, canPublish: true, canSubscribe: false, canPublishData: false, canUpdateOwnMetadata: false },
      {},
    );
  }

  async admit(room: string, identity: string): Promise<void> {
    await this.rooms.updateParticipant(room, identity, {
      permission: fullPermission,
      attributes: { [STATE_ATTRIBUTE]: 'admitted' },
    });
  }

  /** Whether this identity is connected to the room right now. */
  async isPresent(room: string, identity: string): Promise<boolean> {
    try {
      await this.rooms.getParticipant(room, identity);
      return true;
    } catch (error) {
      if (isLivekitNotFound(error)) return false;
      throw error;
    }
  }

  /** Whether the room exists; sending to a room that does not is slow to fail, so callers ask first. */
  async isOpen(room: string): Promise<boolean> {
    return (await this.rooms.listRooms([room])).length > 0;
  }

  async send(room: string, message: ControlMessage, destinationIdentities?: string[]): Promise<void> {
    const data = new TextEncoder().encode(JSON.stringify(message));
    await this.rooms.sendData(room, data, DataPacket_Kind.RELIABLE, {
      topic: CONTROL_TOPIC,
      ...(destinationIdentities ? { destinationIdentities } : {}),
    });
  }
}
