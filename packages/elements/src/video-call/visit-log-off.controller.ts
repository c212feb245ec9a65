import { lazyVault, toAttuneError, visitPhase, wipeVault, type AttuneError, type Vault, type VisitActor } from '@attune/core';
import { msg } from '@lit/localize';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { emit } from '../events.js';

/** How an inactivity log-off went on this device; counts only, never content. */
export interface LogOffOutcome {
  /** Set when the browser would not clear the storage; its message carries no PHI. */
  failure: AttuneError | undefined;
  /** Completed intake responses that had not been sent yet and were removed with the rest. */
  unsentResponses: number;
}

// One wipe per visit: `<attune-session>` and the `<attune-video-call>` inside it share the outcome.
const logOffs = new WeakMap<VisitActor, Promise<LogOffOutcome>>();

function logOffOnce(actor: VisitActor, vault: Vault): Promise<LogOffOutcome> {
  let logOff = logOffs.get(actor);
  if (!logOff) {
    logOff = wipeVault(vault).then(
      ({ unsentResponses }) => ({ failure: undefined, unsentResponses }),
      (error: unknown) => ({ failure: toAttuneError(error, 'vault/wipe-failed'), unsentResponses: 0 }),
    );
    logOffs.set(actor, logOff);
  }
  return logOff;
}

/**
 * When the visit logs off for inactivity, wipes the vault (the intake form's drafts and outbox and
 * their key) so the next person at a shared computer finds nothing, then fires `attune-logged-off`
 * so the host can end its own session. The event waits for the wipe: a host that navigates away at
 * once must not cut it short. A failed wipe still logs off; the host hears `vault/wipe-failed`.
 */
export class VisitLogOffController implements ReactiveController {
  private handled: VisitActor | undefined;
  private settled: { actor: VisitActor; outcome: LogOffOutcome } | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly visit: () => VisitActor | undefined,
    private readonly vault: () => Vault | undefined,
  ) {
    host.addController(this);
  }

  /** How the log-off of the visit shown now went, once its wipe settled; the log-off screen reads it. */
  get outcome(): LogOffOutcome | undefined {
    const actor = this.visit();
    return actor && this.settled?.actor === actor ? this.settled.outcome : undefined;
  }

  hostUpdated(): void {
    const actor = this.visit();
    if (!actor || actor === this.handled || visitPhase(actor.getSnapshot()) !== 'loggedOff') return;
    this.handled = actor;
    void logOffOnce(actor, this.vault() ?? lazyVault()).then((outcome) => {
      if (outcome.failure) emit(this.host, 'attune-error', { code: outcome.failure.code, message: outcome.failure.message });
      emit(this.host, 'attune-logged-off', { reason: 'inactivity' });
      this.settled = { actor, outcome };
      this.host.requestUpdate();
    });
  }

  /** The log-off screen's notice, in a status region from the start so screen readers hear it when it fills. */
  notice(): TemplateResult {
    return html`<p part="text log-off-notice" role="status">
      ${this.outcome?.unsentResponses
        ? msg('Answers that had not been sent yet were removed from this device to protect your privacy.', { id: 'video-call.logged-off.unsent-removed' })
        : nothing}
    </p>`;
  }
}
