import type { AttuneErrorCode } from '@attune/core';
import { msg } from '@lit/localize';

/**
 * What a patient or clinician reads when the visit fails, by error code. Core's own messages are for
 * developers and English only; the screens show these, which are translated.
 */
export function visitErrorText(code: AttuneErrorCode | undefined): string {
  switch (code) {
    case 'network/offline':
      return msg('You seem to be offline. Check your internet connection, then try again.', { id: 'visit-error.offline' });
    case 'network/failed':
    case 'media/connect-failed':
      return msg('The video service could not be reached. Please try again in a moment.', { id: 'visit-error.unreachable' });
    case 'auth/unauthenticated':
      return msg('Your sign-in has expired. Please sign in again, then rejoin.', { id: 'visit-error.signed-out' });
    case 'auth/forbidden':
    case 'visit/not-found':
      return msg('This visit is not available. Please check the link your clinic sent you.', { id: 'visit-error.not-available' });
    case 'visit/ended':
      return msg('This visit has already ended.', { id: 'visit-error.ended' });
    case 'visit/token-expired':
      return msg('Your access to the visit expired. Rejoin to continue.', { id: 'visit-error.token-expired' });
    case 'media/permission-denied':
      return msg('The browser is not allowed to use your camera or microphone.', { id: 'visit-error.permission-denied' });
    case 'media/device-not-found':
      return msg('No camera or microphone was found.', { id: 'visit-error.no-device' });
    case 'media/device-busy':
      return msg('Your camera or microphone is being used by another app. Close it, then try again.', { id: 'visit-error.device-busy' });
    case 'media/disconnected':
      return msg('The call was disconnected.', { id: 'visit-error.disconnected' });
    default:
      return msg('Something went wrong. Please try again.', { id: 'visit-error.other' });
  }
}
