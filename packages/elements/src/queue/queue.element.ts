import {
  connectQueue,
  queueMachine,
  type ClinicianStatusViewModel,
  type DeskConnector,
  type QueueEntryView,
  type QueueViewModel,
  type RiskFlag,
  type VisitApi,
} from '@attune/core';
import { cssrsFlagLevel } from '@attune/core/instruments/cssrs-flag-labels.js';
import { connectDesk } from '@attune/core/media/desk-connection.js';
import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { createActor, type Actor } from 'xstate';
import { ActorController } from '../actor-controller.js';
import { emit } from '../events.js';
import { getAttuneLocale } from '../localization.js';
import { ServerVisitApi } from '../server-visit-api.js';
import { styles } from './queue.styles.js';

export type QueueActor = Actor<typeof queueMachine>;

/**
 * The clinician's live queue: everyone waiting across their appointments, anyone with a risk flag
 * first, with arrival and wait time, device check and intake status, and one-click admit, a hold
 * message, or a confirmed denial. A patient already in the visit has "Return to the visit", so a
 * clinician whose page reloaded mid-visit can go back in. Arrivals are announced on screen and to screen readers. When
 * the backend keeps one (`api.setClinicianStatus`), the clinician sets the status every waiting
 * patient sees: running 5, 10 or 15 minutes late (sent as minutes, so each patient's waiting room words
 * it in the patient's language), a short text of their own (shown as written), or none.
 *
 * @summary The clinician's live list of waiting patients.
 *
 * @fires attune-patient-arrived - A patient started waiting: `{ entry }`.
 * @fires attune-admitted - The clinician admitted a patient: `{ appointmentId, identity }`.
 * @fires attune-return-to-visit - The clinician asked to go back into a visit under way (a patient listed "In the visit",
 *   after the clinician's page reloaded or the tab was closed): `{ appointmentId, identity }`. Open the visit as on `attune-admitted`.
 * @fires attune-error - The queue has neither a visit API nor `server-url` and `getHostToken` (`config/invalid`).
 *
 * @csspart base - The wrapper.
 * @csspart header - Heading, counts and freshness.
 * @csspart heading - The heading.
 * @csspart announcement - The arrival announcement (a status region).
 * @csspart list - The list of waiting patients.
 * @csspart entry - One waiting patient.
 * @csspart risk-flags - The risk flags of an entry.
 * @csspart risk-flag - One risk flag.
 * @csspart details - Arrival, wait, device check and intake.
 * @csspart actions - An entry's buttons.
 * @csspart button - Every button.
 * @csspart hold-form - The hold message form.
 * @csspart deny-confirmation - The denial confirmation.
 * @csspart clinician-status - The clinician's status for waiting patients.
 * @csspart clinician-status-current - What waiting patients are told now (a status region).
 * @csspart clinician-status-presets - The running-late buttons.
 * @csspart clinician-status-form - The form for a status of the clinician's own.
 * @csspart clinician-status-text - Its text field.
 *
 * @cssproperty --attune-color-risk - Text and border of risk flags.
 * @cssproperty --attune-color-risk-surface - Background of an entry with a risk flag.
 */
@localized()
export class AttuneQueue extends LitElement {
  static override styles = styles;

  /** A visit API client, used for the queue and every action. Or give `server-url` and `getHostToken` and the queue makes the HTTP client. */
  @property({ attribute: false }) api: VisitApi | undefined;

  /** The reference server (or any backend of the documented contract). */
  @property({ attribute: 'server-url' }) serverUrl: string | undefined;

  /** Returns the host app's session token for the signed-in user; called before every request. */
  @property({ attribute: false }) getHostToken: (() => string | Promise<string>) | undefined;

  /** Joins the desk room for live updates. Defaults to LiveKit; set `null` to poll only. */
  @property({ attribute: false }) desk: DeskConnector | null | undefined;

  /** Polling interval (ms) when the desk room is out of reach. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 15_000;

  /**
   * The appointment whose visit this page has open, if any: the clinician is already there, so its
   * entry offers no "Return to the visit". Clear it when the clinician leaves that call.
   */
  @property({ attribute: 'open-visit' }) openVisit: string | undefined;

  /** A queue actor owned elsewhere (stories, a host app); by default the element makes its own from `api`. */
  @property({ attribute: false }) actor: QueueActor | undefined;

  private controller: ActorController<QueueActor> | undefined;
  private readonly serverVisitApi = new ServerVisitApi();
  private unconfiguredReported = false;
  private reportedArrivals = 0;
  private reportedAdmissions = 0;
  private reportedReturns = 0;
  /** The button that opened a form, to take focus back to when it closes. */
  private formOpener: string | undefined;
  private openForm: string | undefined;

  override connectedCallback(): void {
    this.ensureController();
    super.connectedCallback();
  }

  private ensureController(): void {
    if (this.controller) return;
    const api = this.actor ? undefined : this.serverVisitApi.of(this);
    if (this.actor) this.controller = new ActorController<QueueActor>(this, this.actor);
    else if (api) this.controller = new ActorController<QueueActor>(this, { create: () => this.createQueue(api) });
    if (this.controller) this.syncReported();
  }

  private createQueue(api: VisitApi): QueueActor {
    const desk = this.desk === null ? undefined : (this.desk ?? connectDesk);
    return createActor(queueMachine, {
      input: { api, pollIntervalMs: this.pollInterval, ...(desk ? { desk } : {}) },
    });
  }

  /** A handed-in actor may already have announced things before this element saw it. */
  private syncReported(): void {
    const context = this.controller!.snapshot.context;
    this.reportedArrivals = context.arrivals.count;
    this.reportedAdmissions = context.admissions.count;
    this.reportedReturns = context.returns.count;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('actor') && this.actor && this.controller) {
      this.controller.setActor(this.actor);
      this.syncReported();
    }
    const settings: Array<keyof AttuneQueue> = ['api', 'serverUrl', 'getHostToken', 'actor'];
    if (settings.some((name) => changed.has(name)) && this.isConnected) this.ensureController();
  }

  protected override updated(): void {
    const model = this.model;
    if (!model) {
      this.reportUnconfigured();
      return;
    }
    if (model.arrivals.count > this.reportedArrivals) {
      this.reportedArrivals = model.arrivals.count;
      for (const entry of model.arrivals.entries) emit(this, 'attune-patient-arrived', { entry });
    }
    if (model.admissions.count > this.reportedAdmissions && model.admissions.entry) {
      this.reportedAdmissions = model.admissions.count;
      const { appointmentId, identity } = model.admissions.entry;
      emit(this, 'attune-admitted', { appointmentId, identity });
    }
    if (model.returns.count > this.reportedReturns && model.returns.entry) {
      this.reportedReturns = model.returns.count;
      const { appointmentId, identity } = model.returns.entry;
      emit(this, 'attune-return-to-visit', { appointmentId, identity });
    }
    this.moveFocusForForms(model);
  }

  /** Once, like the session: a page missing its server or token function hears why the queue is empty. */
  private reportUnconfigured(): void {
    if (this.unconfiguredReported) return;
    this.unconfiguredReported = true;
    emit(this, 'attune-error', { code: 'config/invalid', message: 'The queue needs a visit API, or a server URL and a host token function.' });
  }

  private moveFocusForForms(model: QueueViewModel): void {
    const open = model.entries.find((entry) => entry.holdFormOpen || entry.denyConfirmationOpen);
    const openForm = open ? `${open.holdFormOpen ? 'hold' : 'deny'}:${open.key}` : undefined;
    if (openForm === this.openForm) return;
    this.openForm = openForm;
    if (open) {
      const target = open.holdFormOpen ? 'textarea' : '[data-action="cancel-deny"]';
      this.entryNode(open.key)?.querySelector<HTMLElement>(target)?.focus();
    } else if (this.formOpener) {
      this.renderRoot.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(this.formOpener)}"]`)?.focus();
      this.formOpener = undefined;
    }
  }

  private entryNode(key: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  }

  private get model(): QueueViewModel | undefined {
    return this.controller ? connectQueue(this.controller.snapshot, this.controller.send) : undefined;
  }

  override render() {
    const model = this.model;
    if (!model) {
      return html`<section part="base" data-state="unconfigured">
        <p part="error" role="alert">${msg('The queue is not set up yet. The practice needs to give it a server.', { id: 'queue.unconfigured' })}</p>
      </section>`;
    }
    return html`<section part="base" data-state=${model.view} aria-busy=${model.busy ? 'true' : 'false'} aria-labelledby="queue-heading">
      <header part="header">
        <h2 part="heading" id="queue-heading">${msg('Waiting patients', { id: 'queue.heading' })}</h2>
        <p part="summary">${this.summary(model)}</p>
      </header>
      <div part="announcement" role="status" ?data-empty=${model.arrivals.count === 0}>${this.announcement(model)}</div>
      ${this.clinicianStatus(model.clinicianStatus)} ${this.body(model)}
    </section>`;
  }

  private summary(model: QueueViewModel): string {
    const freshness =
      model.freshness === 'live'
        ? msg('Updates live.', { id: 'queue.fresh-live' })
        : model.freshness === 'polling'
          ? msg('Updates every few seconds.', { id: 'queue.fresh-polling' })
          : msg('Connecting for live updates…', { id: 'queue.fresh-connecting' });
    if (model.view === 'loading' || model.view === 'error') return freshness;
    const waiting = model.waitingCount;
    const counts =
      model.riskCount > 0
        ? msg(str`${waiting} waiting, ${model.riskCount} with a risk flag.`, { id: 'queue.count-risk' })
        : msg(str`${waiting} waiting.`, { id: 'queue.count' });
    return `${counts} ${freshness}`;
  }

  private clinicianStatus(status: ClinicianStatusViewModel): TemplateResult | typeof nothing {
    if (status.view === 'unavailable') return nothing;
    const disabled = !status.canChange;
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      status.set((event.currentTarget as HTMLFormElement).querySelector('input')!.value);
    };
    return html`<section part="clinician-status" data-status-state=${status.view} aria-labelledby="clinician-status-heading" aria-busy=${status.view === 'saving' ? 'true' : 'false'}>
      <h3 id="clinician-status-heading">${msg('Your status for waiting patients', { id: 'queue.status-heading' })}</h3>
      <p part="clinician-status-current" role="status">
        ${status.view === 'loading'
          ? msg('Loading your status…', { id: 'queue.status-loading' })
          : status.current?.lateMinutes !== undefined
            ? msg(str`Waiting patients see that you are running ${status.current.lateMinutes} minutes late, in their own language.`, {
                id: 'queue.status-current-late',
              })
            : status.current
              ? msg(str`Waiting patients see: ${status.current.message}`, { id: 'queue.status-current' })
              : msg('Waiting patients see no status from you.', { id: 'queue.status-none' })}
      </p>
      <div part="clinician-status-presets" role="group" aria-label=${msg('Running late', { id: 'queue.status-late-group' })}>
        ${status.lateMinutesPresets.map(
          (minutes) =>
            html`<button
              part="button"
              data-late-minutes=${minutes}
              ?disabled=${disabled}
              aria-pressed=${status.current?.lateMinutes === minutes ? 'true' : 'false'}
              @click=${() => status.setLateMinutes(minutes)}
            >
              ${msg(str`${minutes} min late`, { id: 'queue.status-late-button' })}
            </button>`,
        )}
        <button part="button" data-action="clear-status" ?disabled=${disabled || status.current === null} @click=${status.clear}>
          ${msg('Clear status', { id: 'queue.status-clear' })}
        </button>
      </div>
      <form part="clinician-status-form" @submit=${submit}>
        <label for="clinician-status-text">${msg('Or write your own', { id: 'queue.status-own' })}</label>
        <input id="clinician-status-text" part="clinician-status-text" type="text" required maxlength=${status.maxLength} autocomplete="off" />
        <button part="button" type="submit" ?disabled=${disabled}>${msg('Post status', { id: 'queue.status-post' })}</button>
      </form>
      ${status.view === 'saving' ? html`<p part="pending">${msg('Saving your status…', { id: 'queue.status-saving' })}</p>` : nothing}
      ${status.failed ? html`<p part="entry-error" role="alert">${msg('Your status could not be saved. Please try again.', { id: 'queue.status-failed' })}</p>` : nothing}
    </section>`;
  }

  private announcement(model: QueueViewModel): string {
    if (model.arrivals.count === 0) return '';
    const labels = model.arrivals.entries.map((entry) => entry.label).join(', ');
    return msg(str`New patient waiting: ${labels}`, { id: 'queue.arrival' });
  }

  private body(model: QueueViewModel): TemplateResult {
    if (model.view === 'loading') return html`<p part="loading">${msg('Loading the queue…', { id: 'queue.loading' })}</p>`;
    if (model.view === 'error') {
      return html`<div part="error" role="alert">
        <p>${msg('The queue could not be loaded.', { id: 'queue.error' })}</p>
        <button part="button" data-variant="primary" @click=${model.retry}>${msg('Try again', { id: 'queue.retry' })}</button>
      </div>`;
    }
    return html`${model.refreshFailed
        ? html`<p part="stale-notice" role="alert">${msg('The list could not be updated and may be out of date. Trying again.', { id: 'queue.stale' })}</p>`
        : nothing}
      ${model.isEmpty
        ? html`<p part="empty">${msg('No one is waiting.', { id: 'queue.empty' })}</p>`
        : this.list(model)}`;
  }

  private list(model: QueueViewModel): TemplateResult {
    // Safari drops list semantics from a <ul> styled without bullets; the explicit role keeps the count announced.
    // eslint-disable-next-line lit-a11y/no-redundant-role
    return html`<ul part="list" role="list" aria-label=${msg('Waiting patients', { id: 'queue.heading' })}>
      ${model.entries.map((entry) => this.entry(entry, model))}
    </ul>`;
  }

  private entry(entry: QueueEntryView, model: QueueViewModel): TemplateResult {
    const label = entry.label;
    const busy = entry.pending !== undefined;
    return html`<li part="entry" data-key=${entry.key} ?data-risk=${entry.hasRiskFlag} data-entry-state=${entry.state}>
      <div part="entry-header">
        <h3 part="label">${label}</h3>
        ${entry.hasRiskFlag
          ? html`<ul part="risk-flags" aria-label=${msg(str`Risk flags for ${label}`, { id: 'queue.risk-flags' })}>
              ${entry.riskFlags.map(
                (flag) =>
                  html`<li part="risk-flag"><span part="risk-icon" aria-hidden="true">⚠</span> ${msg('Risk:', { id: 'queue.risk' })} ${this.riskLabel(flag)}</li>`,
              )}
            </ul>`
          : nothing}
      </div>
      <dl part="details">
        <div>
          <dt>${msg('Status', { id: 'queue.status' })}</dt>
          <dd>${this.stateText(entry.state)}</dd>
        </div>
        <div>
          <dt>${msg('Arrived', { id: 'queue.arrived' })}</dt>
          <dd><time datetime=${entry.arrivedAt.toISOString()}>${this.clockTime(entry.arrivedAt)}</time></dd>
        </div>
        <div>
          <dt>${msg('Waiting', { id: 'queue.waiting' })}</dt>
          <dd>${this.waitText(entry.waitMinutes)}</dd>
        </div>
        <div>
          <dt>${msg('Device check', { id: 'queue.device-check' })}</dt>
          <dd>${this.deviceCheckText(entry.deviceCheck)}</dd>
        </div>
        <div>
          <dt>${msg('Intake', { id: 'queue.intake' })}</dt>
          <dd>${this.intakeText(entry.intake)}</dd>
        </div>
      </dl>
      ${entry.holdMessage ? html`<p part="hold-message">${msg('Message sent:', { id: 'queue.hold-sent' })} ${entry.holdMessage}</p>` : nothing}
      ${entry.pending ? html`<p part="pending">${this.pendingText(entry)}</p>` : nothing}
      ${entry.failedAction ? html`<p part="entry-error" role="alert">${msg(str`That did not work for ${label}. Please try again.`, { id: 'queue.action-failed' })}</p>` : nothing}
      ${entry.holdFormOpen ? this.holdForm(entry, model) : nothing} ${entry.denyConfirmationOpen ? this.denyConfirmation(entry) : nothing}
      ${entry.canReturnToVisit && entry.appointmentId !== this.openVisit
        ? html`<div part="actions">
            <button
              part="button"
              data-variant="primary"
              data-action="return"
              @click=${entry.returnToVisit}
              aria-label=${msg(str`Return to the visit with ${label}`, { id: 'queue.return-label' })}
            >
              ${msg('Return to the visit', { id: 'queue.return' })}
            </button>
          </div>`
        : nothing}
      ${entry.holdFormOpen || entry.denyConfirmationOpen || !entry.actionable
        ? nothing
        : html`<div part="actions">
            <button part="button" data-variant="primary" ?disabled=${busy} @click=${entry.admit} aria-label=${msg(str`Admit ${label}`, { id: 'queue.admit-label' })}>
              ${msg('Admit', { id: 'queue.admit' })}
            </button>
            <button
              part="button"
              ?disabled=${busy}
              data-focus-key=${`hold:${entry.key}`}
              @click=${() => this.open(`hold:${entry.key}`, entry.openHoldForm)}
              aria-label=${msg(str`Send a message to ${label}`, { id: 'queue.hold-label' })}
            >
              ${msg('Send a message', { id: 'queue.hold' })}
            </button>
            <button
              part="button"
              ?disabled=${busy}
              data-focus-key=${`deny:${entry.key}`}
              @click=${() => this.open(`deny:${entry.key}`, entry.openDenyConfirmation)}
              aria-label=${msg(str`Deny ${label}`, { id: 'queue.deny-label' })}
            >
              ${msg('Deny', { id: 'queue.deny' })}
            </button>
          </div>`}
    </li>`;
  }

  private open(opener: string, openForm: () => void): void {
    this.formOpener = opener;
    openForm();
  }

  private holdForm(entry: QueueEntryView, model: QueueViewModel): TemplateResult {
    const fieldId = `hold-${entry.key}`;
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const text = (event.currentTarget as HTMLFormElement).querySelector('textarea')!.value;
      entry.sendHoldMessage(text);
    };
    return html`<form part="hold-form" @submit=${submit} @keydown=${(event: KeyboardEvent) => this.closeOnEscape(event, entry)}>
      <label for=${fieldId}>${msg(str`Message to ${entry.label}`, { id: 'queue.hold-field' })}</label>
      <textarea id=${fieldId} part="hold-text" required maxlength=${model.holdMessageMaxLength} rows="3"></textarea>
      <div part="actions">
        <button part="button" data-variant="primary" type="submit">${msg('Send message', { id: 'queue.hold-send' })}</button>
        <button part="button" type="button" @click=${entry.closeForm}>${msg('Cancel', { id: 'queue.cancel' })}</button>
      </div>
    </form>`;
  }

  private denyConfirmation(entry: QueueEntryView): TemplateResult {
    const questionId = `deny-question-${entry.key}`;
    return html`<div part="deny-confirmation" role="group" aria-labelledby=${questionId} @keydown=${(event: KeyboardEvent) => this.closeOnEscape(event, entry)}>
      <p id=${questionId}>${msg(str`Deny ${entry.label}? They will be told the visit cannot go ahead now.`, { id: 'queue.deny-question' })}</p>
      <div part="actions">
        <button part="button" data-variant="danger" @click=${entry.confirmDeny}>${msg('Deny visit', { id: 'queue.deny-confirm' })}</button>
        <button part="button" data-action="cancel-deny" @click=${entry.closeForm}>${msg('Cancel', { id: 'queue.cancel' })}</button>
      </div>
    </div>`;
  }

  private closeOnEscape(event: KeyboardEvent, entry: QueueEntryView): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      entry.closeForm();
    }
  }

  private clockTime(date: Date): string {
    return date.toLocaleTimeString(getAttuneLocale(), { hour: 'numeric', minute: '2-digit' });
  }

  private waitText(minutes: number): string {
    return minutes < 1 ? msg('Less than a minute', { id: 'queue.wait-new' }) : msg(str`${minutes} min`, { id: 'queue.wait-minutes' });
  }

  private stateText(state: QueueEntryView['state']): string {
    switch (state) {
      case 'waiting':
        return msg('Waiting', { id: 'queue.state-waiting' });
      case 'held':
        return msg('On hold', { id: 'queue.state-held' });
      case 'admitted':
        return msg('In the visit', { id: 'queue.state-admitted' });
    }
  }

  private deviceCheckText(result: QueueEntryView['deviceCheck']): string {
    switch (result) {
      case 'passed':
        return msg('Passed', { id: 'queue.device-passed' });
      case 'audio-only':
        return msg('Audio only', { id: 'queue.device-audio-only' });
      case 'failed':
        return msg('Failed', { id: 'queue.device-failed' });
      case 'unknown':
        return msg('Not done', { id: 'queue.device-unknown' });
    }
  }

  private intakeText(intake: QueueEntryView['intake']): string {
    switch (intake) {
      case 'completed':
        return msg('Completed', { id: 'queue.intake-completed' });
      case 'in-progress':
        return msg('In progress', { id: 'queue.intake-in-progress' });
      case 'none':
        return msg('Not started', { id: 'queue.intake-none' });
    }
  }

  private pendingText(entry: QueueEntryView): string {
    switch (entry.pending) {
      case 'admit':
        return msg('Admitting…', { id: 'queue.admitting' });
      case 'hold':
        return msg('Sending message…', { id: 'queue.holding' });
      default:
        return msg('Denying…', { id: 'queue.denying' });
    }
  }

  /** Known screening codes get a translated name; anything else shows the server's label. */
  private riskLabel(flag: RiskFlag): string {
    switch (flag.code) {
      case 'phq9-item9':
        return msg('PHQ-9 item 9: thoughts of being better off dead or of self-harm', { id: 'queue.risk-phq9-item9' });
      case 'epds-item10':
        return msg('EPDS item 10: thoughts of self-harm', { id: 'queue.risk-epds-item10' });
      case 'cssrs-positive':
        switch (cssrsFlagLevel(flag.label)) {
          case 'high':
            return msg('C-SSRS: positive screen, high risk', { id: 'queue.risk-cssrs-high' });
          case 'moderate':
            return msg('C-SSRS: positive screen, moderate risk', { id: 'queue.risk-cssrs-moderate' });
          case 'low':
            return msg('C-SSRS: positive screen, low risk', { id: 'queue.risk-cssrs-low' });
          default:
            return msg('C-SSRS: positive screen', { id: 'queue.risk-cssrs-positive' });
        }
      case 'phqa-suicide':
        return msg('PHQ-A: suicidal thoughts or a past suicide attempt reported', { id: 'queue.risk-phqa-suicide' });
      default:
        return flag.label;
    }
  }
}
