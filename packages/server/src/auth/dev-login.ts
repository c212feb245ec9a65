import { AttuneError } from '@attune/core';
import type { ServerContext } from '../context.js';
import { requiredString } from '../http/json.js';

/** POST /dev/login `{ user }`: what a host app's own sign-in would hand out, for the demo users only. */
export async function devLogin(ctx: ServerContext, body: Record<string, unknown>): Promise<{ token: string }> {
  if (!ctx.config.dev) {
    throw new AttuneError('auth/forbidden', 'Dev sign-in is turned off: start the server with --dev to use it.', { status: 403 });
  }
  const userId = requiredString(body, 'user', 100);
  const user = await ctx.store.getUser(userId);
  if (!user) {
    await ctx.store.appendAudit({ actorUserId: userId, action: 'login', outcome: 'not-found' });
    throw new AttuneError('auth/unauthenticated', 'There is no demo user with that id.', { status: 401 });
  }
  const token = await ctx.hostTokens.issue({ userId: user.id, role: user.role, patientId: user.patientId });
  await ctx.store.appendAudit({ actorUserId: user.id, actorRole: user.role, action: 'login', outcome: 'ok' });
  return { token };
}
