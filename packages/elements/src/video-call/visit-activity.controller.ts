import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How often a stream of pointer and key events becomes one "still here" signal. */
const activityThrottleMs = 15_000;

/**
 * Tells the visit the person is still there when they touch, click or type inside the host, at most
 * once per interval, so the inactivity log-off counts from their last real action.
 */
export class VisitActivityController implements ReactiveController {
  private last = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onActivity: () => void,
  ) {
    host.addController(this);
  }

  private readonly noticed = (): void => {
    const now = Date.now();
    if (now - this.last < activityThrottleMs) return;
    this.last = now;
    this.onActivity();
  };

  hostConnected(): void {
    this.host.addEventListener('pointerdown', this.noticed);
    this.host.addEventListener('keydown', this.noticed);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('pointerdown', this.noticed);
    this.host.removeEventListener('keydown', this.noticed);
  }
}
