import { AttuneError, type DeskJoin } from '@attune/core';
import type { Caller } from '../auth/host-token.js';
import type { ServerContext } from '../context.js';
import { newIdentity } from './livekit-access.js';
import { announceQueueChange } from './queue-announcements.js';

/** POST /desk/join: a data-only room per clinician that carries "the queue changed" pushes. */
export async function joinDesk(ctx: ServerContext, caller: Caller): Promise<DeskJoin> {
  if (caller.role !== 'clinician') {
    await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: caller.role, action: 'desk-join', outcome: 'denied' });
    throw new AttuneError('auth/forbidden', 'Only clinicians have a desk.', { status: 403 });
  }
  const room = ctx.livekit.deskRoom(caller.userId);
  const identity = newIdentity('d');
  const { token, expiresAt } = await ctx.livekit.deskToken(room, identity);
  await ctx.store.appendAudit({ actorUserId: caller.userId, actorRole: 'clinician', action: 'desk-join', outcome: 'ok' });
  return { livekitUrl: ctx.livekit.publicUrl, token, room, identity, expiresAt };
}

const queueEvents = new Set(['participant_joined', 'participant_left', 'participant_connection_aborted']);

/** POST /livekit/webhook: LiveKit says someone came or went; the desk hears "queue changed", waiting patients their new place. */
export async function receiveLivekitWebhook(ctx: ServerContext, request: Request): Promise<void> {
  const body = await request.text();
  let event;
  try {
    event = await ctx.livekit.webhooks.receive(body, request.headers.get('authorization') ?? undefined);
  } catch (error) {
    throw new AttuneError('auth/unauthenticated', 'The webhook signature is not valid.', { status: 401, cause: error });
  }
  if (!queueEvents.has(event.event) || !event.room?.name) return;
  const appointment = await ctx.store.appointmentByRoom(event.room.name);
  if (appointment) announceQueueChange(ctx, appointment);
}
