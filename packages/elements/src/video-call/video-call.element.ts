import { connectVideoCall, type CallTile, type MediaTrack, type Vault, type VideoCallView, type VideoCallViewModel, type VisitActor, type VisitSnapshot } from '@attune/core';
import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ActorController } from '../actor-controller.js';
import { visitErrorText } from '../visit-error-text.js';
import { emit } from '../events.js';
import { styles } from './video-call.styles.js';
import { VisitActivityController } from './visit-activity.controller.js';
import { VisitLogOffController } from './visit-log-off.controller.js';

interface DeviceOption {
  deviceId: string;
  label: string;
}

/**
 * The encrypted video visit: a 1:1 stage or a small-group grid (up to 8), self view, microphone and
 * camera toggles, device switch, screen share, connection quality, audio-only mode (chosen, or
 * automatic on a poor connection, with the way back), reconnecting and rejoin, and for the
 * clinician "end for everyone". Video and audio elements are attached here; which tracks to show
 * comes from the visit's view model.
 *
 * @summary The video call of a visit.
 *
 * @fires attune-call-ended - The visit ended: `{ appointmentId, by: 'self' | 'clinician' | 'server' }`.
 * @fires attune-left - This participant left the call: `{ appointmentId }`.
 * @fires attune-logged-off - The call closed after inactivity and the vault was wiped: `{ reason: 'inactivity' }`.
 * @fires attune-error - A media or connection error, or `vault/wipe-failed` at log-off: `{ code, message }`.
 *
 * @csspart base - The wrapper.
 * @csspart header - Heading and status row.
 * @csspart heading - The heading.
 * @csspart status-row - Encryption and connection quality.
 * @csspart encryption - The encryption indicator.
 * @csspart quality - The connection-quality bars.
 * @csspart banners - Reconnecting, audio-only, inactivity and error notices.
 * @csspart banner - One notice.
 * @csspart stage - Remote video: the stage (1:1) or grid (group); `data-presenting` while a screen is shared.
 * @csspart people - The camera tiles (the others and the self view). In a 1:1 call the other person is
 *   as large as fits and the self view a picture-in-picture in its corner; a group fills a grid. While
 *   a screen is shared they stand in a column beside it on a wide call and in a row under it on a narrow one.
 * @csspart tile - One person's video.
 * @csspart self-view - The participant's own camera.
 * @csspart screen-share - A shared screen, shown whole (letterboxed, never cropped).
 * @csspart control-panel - The buttons and the device menus: in the call's flow (display: contents), and a
 *   column of its own, scrolling if it must, beside the picture on a phone on its side.
 * @csspart controls - The call's buttons.
 * @csspart devices - Microphone and camera choice.
 * @csspart button - Every button.
 *
 * @cssproperty --attune-color-primary - Pressed toggles and the speaking outline.
 * @cssproperty --attune-color-danger - Leave and end buttons.
 * @cssproperty --attune-color-warning - Notices.
 * @cssproperty --attune-call-height - The height the call takes while the cameras have the stage, heading
 *   and controls included (default `100dvh`); a page with its own header above the call leaves room for it.
 *   A short, wide space (a phone on its side) puts the buttons in a column beside the picture.
 *
 * The element carries the attribute `fills-space` while it takes that height (set by the element itself).
 */
@localized()
export class AttuneVideoCall extends LitElement {
  static override styles = styles;

  /** The visit actor, owned by `<attune-session>` or the host: moving this element never drops the call. */
  @property({ attribute: false }) actor: VisitActor | undefined;

  /**
   * Where the intake form keeps its sealed drafts and outbox; an inactivity log-off wipes it. By
   * default the same IndexedDB database the intake form uses by default.
   */
  @property({ attribute: false }) vault: Vault | undefined;

  @state() private microphones: DeviceOption[] = [];
  @state() private cameras: DeviceOption[] = [];

  private controller: ActorController<VisitActor> | undefined;
  /** The view model of the last snapshot: render, `updated` and track attachment all read it once per snapshot. */
  private modelOf: { snapshot: VisitSnapshot; model: VideoCallViewModel } | undefined;
  private shownView: VideoCallView | undefined;
  private readonly attached = new Map<HTMLMediaElement, MediaTrack>();
  private headingHadFocus = false;
  private devicesListed = false;
  private readonly logOff = new VisitLogOffController(
    this,
    () => this.actor,
    () => this.vault,
  );

  constructor() {
    super();
    new VisitActivityController(this, () => this.controller?.send({ type: 'ACTIVITY' }));
  }

  override connectedCallback(): void {
    if (this.actor) this.controller ??= new ActorController<VisitActor>(this, this.actor);
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const [element, track] of this.attached) track.detach(element);
    this.attached.clear();
  }

  /** Takes focus to the call's heading, e.g. when the patient is admitted. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.headingHadFocus = this.shadowRoot?.activeElement?.getAttribute('part') === 'heading';
    if (!changed.has('actor') || !this.actor) return;
    if (this.controller) this.controller.setActor(this.actor);
    else if (this.isConnected) this.controller = new ActorController<VisitActor>(this, this.actor);
  }

  protected override updated(): void {
    this.attachTracks();
    const model = this.model;
    if (!model) return;
    // A shared screen's layout runs to its own height; every other screen is as tall as its text.
    // An attribute, not a custom state (`:state()`), which Safari before 17.4 lacks: the call must not break there.
    this.toggleAttribute('fills-space', (model.view === 'inCall' || model.view === 'ending') && !model.screenShare);
    const previous = this.shownView;
    this.shownView = model.view;
    if (model.view === 'inCall' && !this.devicesListed) {
      this.devicesListed = true;
      // The device menus can wait: on admission the main thread belongs to subscribing and showing the clinician.
      whenIdle(() => void this.listDevices());
    }
    if (previous === undefined || previous === model.view) return;
    // A new screen replaces the heading; keep focus on it if it was there (e.g. connecting → in call).
    if (model.view !== 'inCall' || this.headingHadFocus) this.focus();
    this.announce(model);
  }

  private announce(model: VideoCallViewModel): void {
    const appointmentId = this.controller!.snapshot.context.appointmentId;
    if (model.view === 'ended') emit(this, 'attune-call-ended', { appointmentId, by: model.endedBy ?? 'server' });
    if (model.view === 'left') emit(this, 'attune-left', { appointmentId });
    if ((model.view === 'failed' || model.view === 'disconnected') && model.error) emit(this, 'attune-error', model.error);
  }

  /** Media elements carry the id of the track they show; attach what changed, detach what went. */
  private attachTracks(): void {
    const tracks = new Map<string, MediaTrack>();
    const model = this.model;
    if (model) {
      for (const tile of [...model.remoteTiles, model.selfTile]) if (tile.video) tracks.set(tile.video.id, tile.video);
      if (model.screenShare) tracks.set(model.screenShare.id, model.screenShare);
      for (const audio of model.remoteAudio) tracks.set(audio.id, audio);
    }
    const present = new Set<HTMLMediaElement>();
    for (const element of this.renderRoot.querySelectorAll<HTMLMediaElement>('[data-track-id]')) {
      present.add(element);
      const track = tracks.get(element.dataset['trackId'] ?? '');
      const current = this.attached.get(element);
      if (current === track) continue;
      current?.detach(element);
      if (track) {
        track.attach(element);
        this.attached.set(element, track);
      } else this.attached.delete(element);
    }
    for (const [element, track] of this.attached) {
      if (present.has(element)) continue;
      track.detach(element);
      this.attached.delete(element);
    }
  }

  private async listDevices(): Promise<void> {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const devices = await navigator.mediaDevices.enumerateDevices();
    const named = (kind: MediaDeviceKind, fallback: (n: number) => string) =>
      devices.filter((device) => device.kind === kind && device.deviceId).map((device, index) => ({ deviceId: device.deviceId, label: device.label || fallback(index + 1) }));
    this.microphones = named('audioinput', (n) => msg(str`Microphone ${n}`, { id: 'video-call.devices.microphone-n' }));
    this.cameras = named('videoinput', (n) => msg(str`Camera ${n}`, { id: 'video-call.devices.camera-n' }));
  }

  private get model(): VideoCallViewModel | undefined {
    if (!this.controller) return undefined;
    const snapshot = this.controller.snapshot;
    if (this.modelOf?.snapshot !== snapshot) this.modelOf = { snapshot, model: connectVideoCall(snapshot, this.controller.send) };
    return this.modelOf.model;
  }

  override render() {
    const model = this.model;
    if (!model) return nothing;
    return html`<section part="base" data-state=${model.view} data-layout=${model.layout} aria-labelledby="call-heading">${this.renderView(model)}</section>`;
  }

  private heading(text: string): TemplateResult {
    return html`<h2 part="heading" id="call-heading" tabindex="-1">${text}</h2>`;
  }

  private renderView(model: VideoCallViewModel): TemplateResult {
    switch (model.view) {
      case 'notStarted':
        return html`${this.heading(msg('Your video visit', { id: 'video-call.not-started.title' }))}
          <div part="actions">
            <button part="button" data-variant="primary" data-action="join" @click=${model.join}>${msg('Join the visit', { id: 'video-call.not-started.join' })}</button>
          </div>`;
      case 'connecting':
        return html`${this.heading(msg('Connecting to your visit…', { id: 'video-call.connecting.title' }))}`;
      case 'inCall':
      case 'ending':
        return this.renderCall(model);
      case 'disconnected':
        return html`${this.heading(msg('The call was disconnected', { id: 'video-call.disconnected.title' }))}
          <p part="text">${msg('Rejoin to continue your visit.', { id: 'video-call.disconnected.body' })}</p>
          <div part="actions">
            <button part="button" data-variant="primary" data-action="rejoin" @click=${model.rejoin}>${msg('Rejoin the visit', { id: 'video-call.disconnected.rejoin' })}</button>
            <button part="button" data-action="leave" @click=${model.leave}>${msg('Leave', { id: 'video-call.leave' })}</button>
          </div>`;
      case 'failed':
        return html`${this.heading(msg('We could not connect the call', { id: 'video-call.failed.title' }))}
          <p part="text" role="alert">${visitErrorText(model.error?.code)}</p>
          <div part="actions">
            <button part="button" data-variant="primary" data-action="retry" @click=${model.retry}>${msg('Try again', { id: 'video-call.failed.retry' })}</button>
            <button part="button" data-action="leave" @click=${model.leave}>${msg('Leave', { id: 'video-call.leave' })}</button>
          </div>`;
      case 'ended':
        return html`${this.heading(msg('The visit has ended', { id: 'video-call.ended.title' }))}
          <p part="text">
            ${model.endedBy === 'self'
              ? msg('You ended the visit for everyone.', { id: 'video-call.ended.by-self' })
              : model.endedBy === 'clinician'
                ? msg('Your clinician ended the visit.', { id: 'video-call.ended.by-clinician' })
                : msg('The visit was closed.', { id: 'video-call.ended.by-server' })}
          </p>`;
      case 'left':
        return html`${this.heading(msg('You left the visit', { id: 'video-call.left.title' }))}
          <p part="text">${msg('You can close this page.', { id: 'video-call.left.body' })}</p>`;
      case 'loggedOff':
        return html`${this.heading(msg('You were signed out', { id: 'video-call.logged-off.title' }))}
          <p part="text">${msg('We closed the visit because there was no activity for a while.', { id: 'video-call.logged-off.body' })}</p>
          ${this.logOff.notice()}`;
    }
  }

  private renderCall(model: VideoCallViewModel): TemplateResult {
    return html`<header part="header">
        ${this.heading(msg('Video visit', { id: 'video-call.in-call.title' }))}
        <div part="status-row">
          <span part="encryption" data-encrypted=${model.encrypted ? 'true' : 'false'}>
            ${model.encrypted
              ? msg('Encrypted end to end', { id: 'video-call.encryption.on' })
              : msg('Not end-to-end encrypted', { id: 'video-call.encryption.off' })}
          </span>
          <span part="quality" role="img" data-bars=${model.qualityBars} aria-label=${this.qualityLabel(model)}>
            ${[1, 2, 3].map((bar) => html`<span ?data-lit=${bar <= model.qualityBars}></span>`)}
          </span>
        </div>
      </header>
      <div part="banners" role="status">${this.banners(model)}</div>
      ${this.inactivity(model)}
      ${this.stage(model)}
      ${repeat(
        model.remoteAudio,
        (track) => track.id,
        (track) => html`<audio data-track-id=${track.id} autoplay></audio>`,
      )}
      ${this.controls(model)}`;
  }

  private qualityLabel(model: VideoCallViewModel): string {
    switch (model.quality) {
      case 'excellent':
        return msg('Connection: excellent', { id: 'video-call.quality.excellent' });
      case 'good':
        return msg('Connection: good', { id: 'video-call.quality.good' });
      case 'poor':
        return msg('Connection: poor', { id: 'video-call.quality.poor' });
      case 'lost':
        return msg('Connection: lost', { id: 'video-call.quality.lost' });
      default:
        return msg('Connection: checking', { id: 'video-call.quality.unknown' });
    }
  }

  private banners(model: VideoCallViewModel): TemplateResult[] {
    const banners: TemplateResult[] = [];
    if (model.reconnecting) banners.push(html`<p part="banner">${msg('Reconnecting… the call will come back by itself.', { id: 'video-call.reconnecting' })}</p>`);
    if (model.reconnected) banners.push(html`<p part="banner">${msg('Connected again.', { id: 'video-call.reconnected' })}</p>`);
    if (model.audioOnlyAutomatic) {
      banners.push(html`<p part="banner">
        ${model.connectionRecovered
          ? msg('Your connection is better now. Video will come back in a moment, or turn it on now.', { id: 'video-call.audio-only.recovered' })
          : msg('Your connection is weak, so video is paused and the call is audio only.', { id: 'video-call.audio-only.automatic' })}
      </p>`);
    }
    if (model.error && model.view === 'inCall') {
      banners.push(html`<p part="banner">
        ${visitErrorText(model.error.code)}
        <button part="button" data-action="dismiss-error" @click=${model.dismissError}>${msg('Dismiss', { id: 'video-call.error.dismiss' })}</button>
      </p>`);
    }
    return banners;
  }

  private inactivity(model: VideoCallViewModel): TemplateResult | typeof nothing {
    if (!model.inactivityWarning) return nothing;
    return html`<div part="banner" role="alert">
      ${msg('Are you still there? The visit will close soon if we hear nothing.', { id: 'video-call.inactivity' })}
      <button part="button" data-variant="primary" data-action="still-here" @click=${model.stillHere}>${msg('I am still here', { id: 'video-call.still-here' })}</button>
    </div>`;
  }

  private tileLabel(model: VideoCallViewModel, tile: CallTile, index: number): string {
    if (model.remoteTiles.length > 1) return msg(str`Participant ${index + 1}`, { id: 'video-call.tile.participant-n' });
    return model.role === 'patient' ? msg('Your clinician', { id: 'video-call.tile.clinician' }) : msg('Your patient', { id: 'video-call.tile.patient' });
  }

  private stage(model: VideoCallViewModel): TemplateResult {
    // The camera tiles keep one wrapper in every layout, so a share starting or stopping re-lays them
    // out without re-creating their video elements (no re-attach, no blank frame).
    return html`<div part="stage" data-layout=${model.layout} ?data-presenting=${model.screenShare !== null}>
      ${model.screenShare
        ? html`<figure part="tile screen-share">
            <video data-track-id=${model.screenShare.id} autoplay playsinline muted></video>
            <figcaption>${msg('Shared screen', { id: 'video-call.tile.screen' })}</figcaption>
          </figure>`
        : nothing}
      ${model.waitingForOthers ? html`<p part="text">${msg('Waiting for the others to join…', { id: 'video-call.waiting-for-others' })}</p>` : nothing}
      <div part="people">${repeat(
        model.remoteTiles,
        (tile) => tile.identity,
        (tile, index) => html`<figure part="tile" ?data-speaking=${tile.isSpeaking}>
          ${tile.video && !model.audioOnly
            ? html`<video data-track-id=${tile.video.id} autoplay playsinline muted></video>`
            : html`<span part="text">${msg('Camera off', { id: 'video-call.tile.camera-off' })}</span>`}
          <figcaption>${this.tileLabel(model, tile, index)}</figcaption>
        </figure>`,
      )}
      <figure part="tile self-view">
        ${model.selfTile.video
          ? html`<video data-track-id=${model.selfTile.video.id} autoplay playsinline muted></video>`
          : html`<span part="text">${msg('Your camera is off', { id: 'video-call.self.camera-off' })}</span>`}
        <figcaption>${msg('You', { id: 'video-call.self.label' })}</figcaption>
      </figure></div>
    </div>`;
  }

  private controls(model: VideoCallViewModel): TemplateResult {
    const ending = model.view === 'ending';
    // While the patient's own media is still being published, the toggles would have nothing to act on.
    const locked = ending || !model.mediaControlsEnabled;
    return html`<div part="control-panel"><div part="controls" role="toolbar" aria-label=${msg('Call controls', { id: 'video-call.controls.label' })}>
        <button part="button" data-action="microphone" aria-pressed=${model.microphoneOn ? 'true' : 'false'} ?disabled=${locked} @click=${model.toggleMicrophone}>
          ${msg('Microphone', { id: 'video-call.controls.microphone' })}
        </button>
        <button part="button" data-action="camera" aria-pressed=${model.cameraOn ? 'true' : 'false'} ?disabled=${locked || !model.cameraToggleEnabled} @click=${model.toggleCamera}>
          ${msg('Camera', { id: 'video-call.controls.camera' })}
        </button>
        <button
          part="button"
          data-action="screen-share"
          ?hidden=${!model.screenShareAvailable}
          aria-pressed=${model.screenSharing ? 'true' : 'false'}
          ?disabled=${locked || model.screenShareStarting}
          @click=${model.toggleScreenShare}
        >
          ${msg('Share screen', { id: 'video-call.controls.screen-share' })}
        </button>
        ${model.audioOnly
          ? html`<button part="button" data-action="use-video" ?disabled=${locked} @click=${model.useVideo}>${msg('Turn video back on', { id: 'video-call.controls.use-video' })}</button>`
          : html`<button part="button" data-action="audio-only" ?disabled=${locked} @click=${model.useAudioOnly}>${msg('Audio only', { id: 'video-call.controls.audio-only' })}</button>`}
        <button part="button" data-variant="danger" data-action="leave" ?disabled=${ending} @click=${model.leave}>${msg('Leave', { id: 'video-call.leave' })}</button>
        ${model.role === 'clinician'
          ? html`<button part="button" data-variant="danger" data-action="end-for-everyone" ?disabled=${!model.canEndForEveryone} @click=${model.endForEveryone}>
              ${ending ? msg('Ending…', { id: 'video-call.controls.ending' }) : msg('End visit for everyone', { id: 'video-call.controls.end-for-everyone' })}
            </button>`
          : nothing}
      </div>
      ${this.microphones.length > 1 || this.cameras.length > 1
        ? html`<div part="devices">
            ${this.deviceSelect('audioinput', msg('Microphone to use', { id: 'video-call.devices.microphone' }), this.microphones, model)}
            ${this.deviceSelect('videoinput', msg('Camera to use', { id: 'video-call.devices.camera' }), this.cameras, model)}
          </div>`
        : nothing}</div>`;
  }

  private deviceSelect(kind: MediaDeviceKind, label: string, options: DeviceOption[], model: VideoCallViewModel): TemplateResult | typeof nothing {
    if (options.length < 2) return nothing;
    return html`<label>
      ${label}
      <select data-device-kind=${kind} @change=${(event: Event) => model.switchDevice(kind, (event.target as HTMLSelectElement).value)}>
        ${options.map((option) => html`<option value=${option.deviceId}>${option.label}</option>`)}
      </select>
    </label>`;
  }
}

/** Runs `task` when the browser has a moment (at most two seconds from now). */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 2_000 });
  else setTimeout(task, 200);
}
