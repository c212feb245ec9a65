import {
  createLivekitConnectionProbe,
  createLivekitMediaRoom,
  type ConnectionProbe,
  visitMachine,
  visitPhase,
  type LocalMediaOptions,
  type MediaRoomFactory,
  type Vault,
  type VisitActor,
  type VisitApi,
  type VisitRole,
} from '@attune/core';
import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createActor } from 'xstate';
import { ActorController } from '../actor-controller.js';
import { emit, type AttuneEventMap } from '../events.js';
import { ServerVisitApi } from '../server-visit-api.js';
import { VisitLogOffController } from '../video-call/visit-log-off.controller.js';
import { styles } from './session.styles.js';

type Screen = 'device-check' | 'waiting-room' | 'call' | 'unconfigured';

/**
 * The one tag a practice drops in: the device check, the waiting room and the call of one
 * appointment, sharing one visit. The visit lives in this element (or the host hands it in), not
 * in the screens, so moving the session in the DOM never drops the call; removing it for good
 * leaves the visit.
 *
 * @summary A whole video visit in one tag.
 *
 * @slot practice - The practice's own content, shown in the waiting room.
 *
 * @fires attune-knocked - See `<attune-waiting-room>`.
 * @fires attune-admitted - See `<attune-waiting-room>`.
 * @fires attune-call-ended - See `<attune-video-call>`.
 * @fires attune-logged-off - The visit closed after inactivity and the vault was wiped: `{ reason: 'inactivity' }`. Once, from the session.
 * @fires attune-error - The session is missing its configuration, a screen reported an error, or the log-off could not wipe the vault (`vault/wipe-failed`).
 *
 * @csspart base - The wrapper.
 * @csspart device-check - The device check screen (exported parts of `<attune-device-check>`).
 * @csspart waiting-room - The waiting room screen.
 * @csspart video-call - The call screen.
 * @csspart log-off-notice - After an inactivity log-off in the waiting room: says unsent answers were removed.
 */
@localized()
export class AttuneSession extends LitElement {
  static override styles = styles;

  /** The appointment this visit is for. */
  @property({ attribute: 'appointment-id' }) appointmentId: string | undefined;

  /**
   * `patient` waits to be admitted; `clinician` goes straight to the call and can end it for everyone.
   * Not called `role`: that attribute is the element's ARIA role.
   */
  @property({ attribute: 'visit-role' }) visitRole: VisitRole = 'patient';

  /** A visit API client. Or give `server-url` and `getHostToken` and the session makes the HTTP client. */
  @property({ attribute: false }) api: VisitApi | undefined;

  /** The reference server (or any backend of the documented contract). */
  @property({ attribute: 'server-url' }) serverUrl: string | undefined;

  /** Returns the host app's session token for the signed-in user; called before every request. */
  @property({ attribute: false }) getHostToken: (() => string | Promise<string>) | undefined;

  /** The LiveKit URL the device check tests the connection against. */
  @property({ attribute: 'livekit-url' }) livekitUrl: string | undefined;

  /** Skips the device check (e.g. the host ran its own). */
  @property({ type: Boolean, attribute: 'skip-device-check' }) skipDeviceCheck = false;

  /** The host's E2EE worker, if its bundler ships `livekit-client/e2ee-worker` itself. */
  @property({ attribute: false }) worker: Worker | undefined;

  /** Makes the media room; LiveKit by default. */
  @property({ attribute: false }) createMediaRoom: MediaRoomFactory | undefined;

  /** A visit actor owned by the host; by default the session makes and owns one. */
  @property({ attribute: false }) actor: VisitActor | undefined;

  /**
   * Where the intake form keeps its sealed drafts and outbox; an inactivity log-off wipes it. By
   * default the same IndexedDB database the intake form uses by default.
   */
  @property({ attribute: false }) vault: Vault | undefined;

  @state() private localMedia: LocalMediaOptions | undefined;
  @state() private deviceCheckDone = false;

  private ownedActor: VisitActor | undefined;
  /** Made once: the device check reads its probe when it starts. */
  private probe: ConnectionProbe | undefined;
  private controller: ActorController<VisitActor> | undefined;
  private shownScreen: Screen | undefined;
  private admissionAnnounced = false;
  private readonly serverVisitApi = new ServerVisitApi();
  private readonly logOff = new VisitLogOffController(
    this,
    () => this.visit,
    () => this.vault,
  );

  constructor() {
    super();
    this.addEventListener('attune-admitted', () => {
      this.admissionAnnounced = true;
    });
    // The screens announce the log-off as they show it; the host hears it once, from here, after the wipe.
    this.addEventListener('attune-logged-off', (event) => {
      if (event.composedPath()[0] !== this) event.stopImmediatePropagation();
    });
  }

  /** The visit in use: the host's, or the one this session made. */
  get visit(): VisitActor | undefined {
    return this.actor ?? this.ownedActor;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.ensureVisit();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A DOM move reconnects within the same task; only a real removal leaves the visit.
    setTimeout(() => {
      if (this.isConnected || !this.ownedActor) return;
      this.ownedActor.send({ type: 'LEAVE' });
      this.ownedActor.stop();
    }, 0);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('actor') && this.actor) this.useActor(this.actor);
    this.ensureVisit();
  }

  private get needsDeviceCheck(): boolean {
    return this.visitRole === 'patient' && !this.skipDeviceCheck && !this.deviceCheckDone && customElements.get('attune-device-check') !== undefined;
  }

  private visitApi(): VisitApi | undefined {
    return this.serverVisitApi.of(this);
  }

  /** Makes the visit once the appointment and API are known and the device check (if any) is done. */
  private ensureVisit(): void {
    if (this.visit || this.needsDeviceCheck || !this.isConnected || !this.appointmentId) return;
    const api = this.visitApi();
    if (!api) return;
    const actor = createActor(visitMachine, {
      input: {
        appointmentId: this.appointmentId,
        role: this.visitRole,
        api,
        createMediaRoom: this.createMediaRoom ?? (() => createLivekitMediaRoom()),
        ...(this.worker ? { worker: this.worker } : {}),
        ...(this.localMedia ? { localMedia: this.localMedia } : {}),
      },
    });
    this.ownedActor = actor;
    actor.start();
    this.useActor(actor);
    // Finishing the device check is the patient's "I'm here": knock straight away.
    if (this.visitRole === 'patient' && this.deviceCheckDone) actor.send({ type: 'JOIN' });
  }

  private useActor(actor: VisitActor): void {
    if (this.controller) this.controller.setActor(actor);
    else this.controller = new ActorController<VisitActor>(this, actor);
  }

  private readonly deviceCheckCompleted = (event: AttuneEventMap['attune-device-check-completed']): void => {
    const { result, audioInputId, videoInputId } = event.detail;
    this.localMedia = {
      audio: result !== 'failed',
      video: result === 'passed',
      ...(audioInputId ? { audioInputId } : {}),
      ...(videoInputId ? { videoInputId } : {}),
    };
    this.reportDeviceCheck(result);
    this.deviceCheckDone = true;
  };

  /** The clinician's queue shows the result. Best effort: a backend that fails (or lacks it) never holds up the visit. */
  private reportDeviceCheck(result: AttuneEventMap['attune-device-check-completed']['detail']['result']): void {
    const api = this.visitApi();
    const appointmentId = this.appointmentId;
    if (!api?.deviceCheck || !appointmentId) return;
    Promise.resolve()
      .then(() => api.deviceCheck!(appointmentId, result))
      .catch(() => undefined);
  }

  /**
   * With a backend that hands out probe tokens, the device check tests the real path to the
   * practice's LiveKit (UDP or TCP-only) in a hidden room of its own; otherwise it measures the round trip.
   */
  private connectionProbe(): ConnectionProbe | undefined {
    const api = this.visitApi();
    const appointmentId = this.appointmentId;
    if (!api?.connectionTest || !appointmentId) return undefined;
    this.probe ??= createLivekitConnectionProbe(() => api.connectionTest!(appointmentId));
    return this.probe;
  }

  private get screen(): Screen {
    if (this.needsDeviceCheck && !this.visit) return 'device-check';
    const snapshot = this.controller?.snapshot;
    if (!snapshot) return 'unconfigured';
    if (snapshot.context.role === 'clinician') return 'call';
    const phase = visitPhase(snapshot);
    if (phase === 'publishing' || phase === 'inCall' || phase === 'ending') return 'call';
    // After the call began, how it ended (or dropped) is the call's to show.
    return snapshot.context.wasInCall ? 'call' : 'waiting-room';
  }

  protected override async updated(): Promise<void> {
    const screen = this.screen;
    const previous = this.shownScreen;
    this.shownScreen = screen;
    if (screen === previous) return;
    if (screen === 'unconfigured') {
      emit(this, 'attune-error', { code: 'config/invalid', message: 'The session needs an appointment and a visit API.' });
    }
    if (screen === 'call' && previous === 'waiting-room') {
      // The waiting room may be gone before it could say so; the host still hears of the admission once.
      if (!this.admissionAnnounced) emit(this, 'attune-admitted', { appointmentId: this.controller!.snapshot.context.appointmentId });
      this.admissionAnnounced = true;
      // Admitted: the call takes keyboard and screen-reader focus.
      const call = this.renderRoot.querySelector('attune-video-call');
      await call?.updateComplete;
      call?.focus();
    }
  }

  override render() {
    return html`<div part="base" data-screen=${this.screen}>${this.renderScreen()}</div>`;
  }

  private renderScreen(): TemplateResult | typeof nothing {
    switch (this.screen) {
      case 'device-check':
        return html`<attune-device-check
          part="device-check"
          livekit-url=${this.livekitUrl ?? nothing}
          .probe=${this.connectionProbe()}
          @attune-device-check-completed=${this.deviceCheckCompleted}
        ></attune-device-check>`;
      case 'waiting-room':
        return html`<attune-waiting-room part="waiting-room" .actor=${this.visit} .vault=${this.vault}><slot name="practice" slot="practice"></slot></attune-waiting-room>`;
      case 'call':
        return html`<attune-video-call part="video-call" .actor=${this.visit} .vault=${this.vault}></attune-video-call>`;
      case 'unconfigured':
        return html`<p role="alert">${msg('This visit is not set up yet. The practice needs to give it an appointment and a server.', { id: 'session.unconfigured' })}</p>`;
    }
  }
}
