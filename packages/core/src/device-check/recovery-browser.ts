/** Which browser's steps to show a patient who blocked the camera: the settings live in different places. */
export type RecoveryBrowser = 'chrome' | 'edge' | 'firefox' | 'safari' | 'other';

export function recoveryBrowserFrom(userAgent: string): RecoveryBrowser {
  // Order matters: Edge's agent also says Chrome, and Chrome's also says Safari.
  if (/Edg\//.test(userAgent)) return 'edge';
  if (/Firefox\/|FxiOS\//.test(userAgent)) return 'firefox';
  if (/Chrome\/|Chromium\/|CriOS\//.test(userAgent)) return 'chrome';
  if (/Safari\//.test(userAgent)) return 'safari';
  return 'other';
}
