import {
  connectWaitingRoom,
  createLivekitMediaRoom,
  visitMachine,
  type ClinicianStatus,
  type Vault,
  type VisitActor,
  type VisitApi,
  type WaitingRoomView,
  type WaitingRoomViewModel,
} from '@attune/core';
import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { createActor } from 'xstate';
import { ActorController } from '../actor-controller.js';
import { visitErrorText } from '../visit-error-text.js';
import { emit } from '../events.js';
import { VisitActivityController } from '../video-call/visit-activity.controller.js';
import { VisitLogOffController } from '../video-call/visit-log-off.controller.js';
import { styles } from './waiting-room.styles.js';

/**
 * The patient's waiting room: knocking, the wait (time waited, place in the queue, the clinician's
 * status and hold messages), then admission, which hands over to the call without a reload.
 * Also the ways a wait can end: turned away or rescheduled, visit ended, left, signed out.
 *
 * @summary The patient's side of the clinician-controlled waiting room.
 *
 * @slot practice - The practice's own content shown while waiting (reading, breathing exercise, directions).
 *
 * @fires attune-knocked - The patient asked to be let in: `{ appointmentId }`.
 * @fires attune-admitted - The clinician let the patient in: `{ appointmentId }`.
 * @fires attune-denied - The clinician turned the patient away or rescheduled: `{ appointmentId, reason }`.
 * @fires attune-left - The patient left while waiting: `{ appointmentId }`.
 * @fires attune-call-ended - The visit ended before the call began: `{ appointmentId, by }`.
 * @fires attune-logged-off - The wait was closed after inactivity and the vault was wiped: `{ reason: 'inactivity' }`.
 * @fires attune-error - Joining failed: `{ code, message }`.
 *
 * @csspart base - The wrapper.
 * @csspart heading - Each screen's heading.
 * @csspart text - Body text.
 * @csspart wait-details - Time waited, place in the queue and the clinician's status.
 * @csspart clinician-status - The clinician's status: running late (in the patient's language) or their own words.
 * @csspart hold-messages - The clinician's messages (a live log).
 * @csspart hold-message - One message.
 * @csspart banner - Reconnecting and reconnected notices.
 * @csspart inactivity-warning - "Are you still there?"
 * @csspart actions - Button rows.
 * @csspart button - Every button.
 *
 * @cssproperty --attune-color-primary - Accent of hold messages and the main button.
 * @cssproperty --attune-color-warning - Inactivity and reconnecting notices.
 */
@localized()
export class AttuneWaitingRoom extends LitElement {
  static override styles = styles;

  /** The visit actor, owned by `<attune-session>` or the host so the call survives this element. */
  @property({ attribute: false }) actor: VisitActor | undefined;

  /** Without an `actor`: the appointment to wait for, with `api`, and the element makes its own visit. */
  @property({ attribute: 'appointment-id' }) appointmentId: string | undefined;

  /** Without an `actor`: the visit API client (e.g. `createHttpVisitApi`). */
  @property({ attribute: false }) api: VisitApi | undefined;

  /**
   * Where the intake form keeps its sealed drafts and outbox; an inactivity log-off wipes it. By
   * default the same IndexedDB database the intake form uses by default.
   */
  @property({ attribute: false }) vault: Vault | undefined;

  private controller: ActorController<VisitActor> | undefined;
  private shownView: WaitingRoomView | undefined;
  private readonly logOff = new VisitLogOffController(
    this,
    () => this.visit,
    () => this.vault,
  );

  /** The visit in use, so a host using this element alone can hand it to `<attune-video-call>` on `attune-admitted`. */
  get visit(): VisitActor | undefined {
    return this.controller?.actor;
  }

  constructor() {
    super();
    new VisitActivityController(this, () => this.controller?.send({ type: 'ACTIVITY' }));
  }

  override connectedCallback(): void {
    this.ensureController();
    super.connectedCallback();
  }

  private ensureController(): void {
    if (this.controller) return;
    if (this.actor) this.controller = new ActorController<VisitActor>(this, this.actor);
    else if (this.api && this.appointmentId) {
      const api = this.api;
      const appointmentId = this.appointmentId;
      this.controller = new ActorController<VisitActor>(this, {
        create: () => createActor(visitMachine, { input: { appointmentId, role: 'patient', api, createMediaRoom: () => createLivekitMediaRoom() } }),
      });
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('actor') && this.actor && this.controller) this.controller.setActor(this.actor);
    // Lit connects a controller added to an already-connected host, so late properties still start the visit.
    if (this.isConnected) this.ensureController();
  }

  protected override updated(): void {
    const model = this.model;
    if (!model) return;
    const previous = this.shownView;
    this.shownView = model.view;
    if (previous === undefined || previous === model.view) return;
    this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
    this.announce(model, previous);
  }

  private announce(model: WaitingRoomViewModel, previous: WaitingRoomView): void {
    const appointmentId = this.controller!.snapshot.context.appointmentId;
    switch (model.view) {
      case 'knocking':
        emit(this, 'attune-knocked', { appointmentId });
        break;
      case 'admitted':
        emit(this, 'attune-admitted', { appointmentId });
        break;
      case 'denied':
        emit(this, 'attune-denied', { appointmentId, ...(model.denyReason ? { reason: model.denyReason } : {}) });
        break;
      case 'left':
        if (previous !== 'admitted') emit(this, 'attune-left', { appointmentId });
        break;
      case 'ended':
        emit(this, 'attune-call-ended', { appointmentId, by: this.controller!.snapshot.context.endedBy ?? 'server' });
        break;
      case 'failed':
        if (model.error) emit(this, 'attune-error', model.error);
        break;
    }
  }

  private get model(): WaitingRoomViewModel | undefined {
    return this.controller ? connectWaitingRoom(this.controller.snapshot, this.controller.send) : undefined;
  }

  override render() {
    const model = this.model;
    if (!model) return nothing;
    return html`<section part="base" data-state=${model.view} aria-busy=${model.busy ? 'true' : 'false'}>${this.renderView(model)}</section>`;
  }

  private heading(text: string): TemplateResult {
    return html`<h2 part="heading" tabindex="-1">${text}</h2>`;
  }

  private leaveButton(model: WaitingRoomViewModel): TemplateResult | typeof nothing {
    if (!model.canLeave) return nothing;
    return html`<button part="button" data-action="leave" @click=${model.leave}>${msg('Leave the waiting room', { id: 'waiting-room.leave' })}</button>`;
  }

  private renderView(model: WaitingRoomViewModel): TemplateResult {
    switch (model.view) {
      case 'ready':
        return html`${this.heading(msg('Your visit is ready', { id: 'waiting-room.ready.title' }))}
          <p part="text">${msg('Let your clinician know you are here. They will bring you into the visit.', { id: 'waiting-room.ready.body' })}</p>
          <div part="actions">
            <button part="button" data-variant="primary" data-action="knock" @click=${model.knock}>
              ${msg('Let my clinician know I am here', { id: 'waiting-room.ready.knock' })}
            </button>
          </div>`;
      case 'knocking':
        return html`${this.heading(msg('Letting your clinician know you are here…', { id: 'waiting-room.knocking.title' }))}
          <div part="actions">${this.leaveButton(model)}</div>`;
      case 'waiting':
        return this.renderWaiting(model);
      case 'admitted':
        return html`${this.heading(msg('Your clinician is ready for you', { id: 'waiting-room.admitted.title' }))}
          <p part="text">${msg('Joining the visit now.', { id: 'waiting-room.admitted.body' })}</p>`;
      case 'denied':
        return html`${this.heading(
            model.rescheduled
              ? msg('Your visit has been rescheduled', { id: 'waiting-room.rescheduled.title' })
              : msg('Your clinician cannot see you now', { id: 'waiting-room.denied.title' }),
          )}
          <p part="text">${msg('The practice will contact you about what happens next.', { id: 'waiting-room.denied.body' })}</p>`;
      case 'ended':
        return html`${this.heading(msg('This visit has ended', { id: 'waiting-room.ended.title' }))}
          <p part="text">${msg('You can close this page.', { id: 'waiting-room.ended.body' })}</p>`;
      case 'left':
        return html`${this.heading(msg('You left the waiting room', { id: 'waiting-room.left.title' }))}
          <p part="text">${msg('Your clinician has been told you left.', { id: 'waiting-room.left.body' })}</p>`;
      case 'loggedOff':
        return html`${this.heading(msg('You were signed out', { id: 'waiting-room.logged-off.title' }))}
          <p part="text">${msg('We closed the waiting room because there was no activity for a while.', { id: 'waiting-room.logged-off.body' })}</p>
          ${this.logOff.notice()}`;
      case 'failed':
        return html`${this.heading(msg('We could not reach your visit', { id: 'waiting-room.failed.title' }))}
          <p part="text" role="alert">${visitErrorText(model.error?.code)}</p>
          <div part="actions">
            <button part="button" data-variant="primary" data-action="retry" @click=${model.retry}>${msg('Try again', { id: 'waiting-room.failed.retry' })}</button>
            ${this.leaveButton(model)}
          </div>`;
      case 'disconnected':
        return html`${this.heading(msg('Your connection was lost', { id: 'waiting-room.disconnected.title' }))}
          <p part="text">${msg('Rejoin to keep your place in the waiting room.', { id: 'waiting-room.disconnected.body' })}</p>
          <div part="actions">
            <button part="button" data-variant="primary" data-action="rejoin" @click=${model.rejoin}>${msg('Rejoin', { id: 'waiting-room.disconnected.rejoin' })}</button>
            ${this.leaveButton(model)}
          </div>`;
    }
  }

  private renderWaiting(model: WaitingRoomViewModel): TemplateResult {
    const minutes = model.waitedMinutes;
    const waited =
      minutes < 1
        ? msg('You have waited less than a minute.', { id: 'waiting-room.waiting.waited-under-minute' })
        : minutes === 1
          ? msg('You have waited 1 minute.', { id: 'waiting-room.waiting.waited-one-minute' })
          : msg(str`You have waited ${minutes} minutes.`, { id: 'waiting-room.waiting.waited-minutes' });
    const position = model.queuePosition;
    // The wait details are a polite live region: a new place in line or a new status from the clinician is read out;
    // the time waited (aria-live off), which changes every minute, is not.
    return html`${this.heading(msg('Waiting for your clinician', { id: 'waiting-room.waiting.title' }))}
      <p part="text">${msg('Your clinician knows you are here and will bring you in. Please keep this page open.', { id: 'waiting-room.waiting.body' })}</p>
      <div part="banner" data-kind="warning" role="status">${this.linkNews(model)}</div>
      <ul part="wait-details" aria-live="polite">
        <li aria-live="off">${waited}</li>
        ${position === null
          ? nothing
          : html`<li>
              ${position <= 1
                ? msg('You are next.', { id: 'waiting-room.waiting.next' })
                : msg(str`You are number ${position} in line.`, { id: 'waiting-room.waiting.position' })}
            </li>`}
        ${this.clinicianStatus(model.clinicianStatus)}
      </ul>
      <h3 class="visually-hidden" id="hold-messages-heading">${msg('Messages from your clinician', { id: 'waiting-room.waiting.messages-heading' })}</h3>
      <div part="hold-messages" role="log" aria-live="polite" aria-labelledby="hold-messages-heading">
        <ul>
          ${repeat(
            model.holdMessages,
            (message) => message.receivedAt,
            (message) => html`<li part="hold-message">${message.text}</li>`,
          )}
        </ul>
      </div>
      ${model.inactivityWarning
        ? html`<div part="inactivity-warning" role="alert">
            <p part="text">${msg('Are you still there? We will close the waiting room soon if we hear nothing.', { id: 'waiting-room.waiting.inactivity' })}</p>
            <div part="actions">
              <button part="button" data-variant="primary" data-action="still-here" @click=${model.stillHere}>${msg('I am still here', { id: 'waiting-room.waiting.still-here' })}</button>
            </div>
          </div>`
        : nothing}
      <slot name="practice"></slot>
      <div part="actions">${this.leaveButton(model)}</div>`;
  }

  /** The banner's words, written with no whitespace around them: the banner hides itself with `:empty` while there is no news. */
  private linkNews(model: WaitingRoomViewModel): string | typeof nothing {
    if (model.reconnecting) return msg('Reconnecting… you keep your place.', { id: 'waiting-room.waiting.reconnecting' });
    if (model.reconnected) return msg('Connected again.', { id: 'waiting-room.waiting.reconnected' });
    return nothing;
  }

  /** "Running late" arrives as minutes and is worded here, in the patient's language; the clinician's own words are shown as written. */
  private clinicianStatus(status: ClinicianStatus | null): TemplateResult | typeof nothing {
    if (status === null) return nothing;
    const minutes = status.lateMinutes;
    return html`<li part="clinician-status">
      ${minutes !== undefined
        ? msg(str`Your clinician is running ${minutes} minutes late`, { id: 'waiting-room.waiting.clinician-late' })
        : msg(str`Your clinician: ${status.message}`, { id: 'waiting-room.waiting.clinician-status' })}
    </li>`;
  }
}
