import {
  connectDeviceCheck,
  createHttpConnectionProbe,
  deviceCheckMachine,
  type ConnectionProbe,
  type DeviceCheckView,
  type DeviceCheckViewModel,
  type DeviceChoiceStore,
  type DeviceChoiceView,
  type MediaDevicesPort,
  type RecoveryBrowser,
} from '@attune/core';
import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { createActor, type Actor } from 'xstate';
import { ActorController } from '../actor-controller.js';
import { emit } from '../events.js';
import { styles } from './device-check.styles.js';

export type DeviceCheckActor = Actor<typeof deviceCheckMachine>;

/**
 * The pre-call device check: camera preview and choice, microphone choice with a level meter,
 * speaker choice with a test sound, an optional connection test, and a way forward from every
 * failure (blocked access with the browser's own steps, no device, a device in use, audio only).
 *
 * @summary Checks camera, microphone, speaker and connection before a visit.
 *
 * @fires attune-device-check-completed - The patient finished: `{ result: 'passed' | 'audio-only' | 'failed', audioInputId, videoInputId, audioOutputId, connection }`.
 *
 * @csspart base - The wrapper of every screen.
 * @csspart heading - Each screen's heading (focused when the screen changes).
 * @csspart setup - The camera preview and the settings: side by side when the element is wide enough.
 * @csspart preview-frame - The box around the camera preview.
 * @csspart preview - The camera preview video.
 * @csspart settings - The device choosers, level meter, tests and the buttons to go on.
 * @csspart level-meter - The microphone level meter.
 * @csspart field - A device chooser's label and select.
 * @csspart select - A device chooser.
 * @csspart actions - A row of buttons.
 * @csspart button - Every button.
 * @csspart steps - The list of recovery steps.
 * @csspart connection-result - The connection test's result.
 *
 * @cssproperty --attune-color-primary - Primary buttons and the level meter.
 * @cssproperty --attune-radius - Corner radius of the preview and buttons.
 */
@localized()
export class AttuneDeviceCheck extends LitElement {
  static override styles = styles;

  /** The browser's devices. Defaults to `navigator.mediaDevices`; hand in a `MediaDevicesPort` to test or adapt. */
  @property({ attribute: false }) devices: MediaDevicesPort | undefined;

  /** Where device choices are remembered. Defaults to `localStorage` (device ids only). */
  @property({ attribute: false }) choices: DeviceChoiceStore | undefined;

  /** The connection test. Defaults to a round trip to `livekit-url` when that is set. */
  @property({ attribute: false }) probe: ConnectionProbe | undefined;

  /** The LiveKit server's URL, for the default connection test. */
  @property({ attribute: 'livekit-url' }) livekitUrl: string | undefined;

  /** STUN servers for the default connection test to tell UDP from TCP-only; without them it reports only the round trip. */
  @property({ attribute: false }) iceServers: RTCIceServer[] | undefined;

  /** Whose recovery steps to show when access is blocked; defaults to the browser's own. */
  @property({ attribute: 'recovery-browser' }) recoveryBrowser: RecoveryBrowser | undefined;

  /** A device-check actor owned elsewhere (for `<attune-session>` or stories); by default the element makes its own. */
  @property({ attribute: false }) actor: DeviceCheckActor | undefined;

  private controller: ActorController<DeviceCheckActor> | undefined;
  private shownView: DeviceCheckView | undefined;
  private completedReported = false;

  override connectedCallback(): void {
    // The controller is made here, not in the constructor, so the actor sees the ports set as properties.
    this.controller ??= new ActorController<DeviceCheckActor>(this, this.actor ?? { create: () => this.createDeviceCheck() });
    super.connectedCallback();
  }

  private createDeviceCheck(): DeviceCheckActor {
    this.completedReported = false;
    const probe = this.probe ?? (this.livekitUrl ? createHttpConnectionProbe(this.livekitUrl, this.iceServers ? { iceServers: this.iceServers } : {}) : undefined);
    return createActor(deviceCheckMachine, {
      input: {
        ...(this.devices ? { devices: this.devices } : {}),
        ...(this.choices ? { choices: this.choices } : {}),
        ...(probe ? { probe } : {}),
        ...(this.recoveryBrowser ? { browser: this.recoveryBrowser } : {}),
      },
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('actor') && this.actor && this.controller) this.controller.setActor(this.actor);
  }

  protected override updated(): void {
    const model = this.model;
    if (!model) return;
    if (this.shownView !== undefined && this.shownView !== model.view) {
      // A new screen: take keyboard and screen-reader focus to its heading.
      this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
    }
    this.shownView = model.view;
    if (model.outcome && !this.completedReported) {
      this.completedReported = true;
      emit(this, 'attune-device-check-completed', model.outcome);
    }
  }

  private get model(): DeviceCheckViewModel | undefined {
    return this.controller ? connectDeviceCheck(this.controller.snapshot, this.controller.send) : undefined;
  }

  override render() {
    const model = this.model;
    if (!model) return nothing;
    return html`<section part="base" data-state=${model.view} aria-busy=${model.busy ? 'true' : 'false'}>${this.renderView(model)}</section>`;
  }

  private renderView(model: DeviceCheckViewModel): TemplateResult {
    switch (model.view) {
      case 'checking-permissions':
        return this.heading(msg('Checking your camera and microphone…', { id: 'device-check.checking.heading' }));
      case 'permission-prompt':
        return html`${this.heading(msg('Allow your camera and microphone', { id: 'device-check.prompt.heading' }))}
          <p part="text">
            ${msg('Your browser will ask to use your camera and microphone. Choose Allow so your clinician can see and hear you.', {
              id: 'device-check.prompt.body',
            })}
          </p>
          <div part="actions">
            <button part="button" data-variant="primary" @click=${model.requestAccess}>
              ${msg('Turn on camera and microphone', { id: 'device-check.prompt.request' })}
            </button>
          </div>`;
      case 'requesting-access':
        return html`${this.heading(msg('Waiting for your browser…', { id: 'device-check.requesting.heading' }))}
          <p part="text">${msg('If your browser shows a question, choose Allow.', { id: 'device-check.requesting.body' })}</p>`;
      case 'permission-denied':
        return html`${this.heading(msg('Your camera and microphone are blocked', { id: 'device-check.denied.heading' }))}
          <p part="text">${msg('To let your clinician see and hear you:', { id: 'device-check.denied.intro' })}</p>
          <ol part="steps">
            ${this.recoverySteps(model.recoveryBrowser).map((step) => html`<li>${step}</li>`)}
          </ol>
          <p part="text">
            ${msg("Still blocked? Check your computer's privacy settings allow this browser to use the camera and microphone.", {
              id: 'device-check.denied.system',
            })}
          </p>
          <div part="actions">
            <button part="button" data-variant="primary" @click=${model.retry}>${msg('Try again', { id: 'device-check.retry' })}</button>
            <button part="button" @click=${model.skip}>${msg('Continue without camera and microphone', { id: 'device-check.skip' })}</button>
          </div>`;
      case 'no-device':
        return html`${this.heading(msg('No microphone found', { id: 'device-check.no-device.heading' }))}
          <p part="text">
            ${msg('Plug in a microphone or headset. We will notice it by ourselves, or choose Try again.', {
              id: 'device-check.no-device.body',
            })}
          </p>
          <div part="actions">
            <button part="button" data-variant="primary" @click=${model.retry}>${msg('Try again', { id: 'device-check.retry' })}</button>
            <button part="button" @click=${model.skip}>${msg('Continue without camera and microphone', { id: 'device-check.skip' })}</button>
          </div>`;
      case 'device-busy':
        return html`${this.heading(msg('Your camera or microphone is in use', { id: 'device-check.busy.heading' }))}
          <p part="text">
            ${msg('Another app or browser tab is using it. Close that app or tab, then choose Try again.', {
              id: 'device-check.busy.body',
            })}
          </p>
          <div part="actions">
            <button part="button" data-variant="primary" @click=${model.retry}>${msg('Try again', { id: 'device-check.retry' })}</button>
            ${model.canUseAudioOnly
              ? html`<button part="button" @click=${model.useAudioOnly}>
                  ${msg('Continue with audio only', { id: 'device-check.audio-only' })}
                </button>`
              : nothing}
            <button part="button" @click=${model.skip}>${msg('Continue without camera and microphone', { id: 'device-check.skip' })}</button>
          </div>`;
      case 'ready':
        return this.renderReady(model);
      case 'completed':
        return html`${this.heading(msg('Device check complete', { id: 'device-check.completed.heading' }))}
          <p part="text">${this.outcomeText(model)}</p>`;
    }
  }

  private renderReady(model: DeviceCheckViewModel): TemplateResult {
    return html`${this.heading(msg('Check your camera and microphone', { id: 'device-check.ready.heading' }))}
      <div part="setup">
        <div part="preview-frame">
          ${model.showPreview
            ? html`<video part="preview" .srcObject=${model.previewStream ?? null} autoplay muted playsinline aria-label=${msg('Your camera preview', { id: 'device-check.preview' })}></video>`
            : html`<p part="preview-placeholder">
                ${model.switchingDevice
                  ? msg('Switching device…', { id: 'device-check.switching' })
                  : msg('Camera off: audio only', { id: 'device-check.camera-off' })}
              </p>`}
        </div>
        <div part="settings">
          ${model.cameras.length > 0 && !model.audioOnly
            ? this.chooser('camera', msg('Camera', { id: 'device-check.camera' }), model.cameras, model.selectCamera)
            : nothing}
          ${this.chooser('microphone', msg('Microphone', { id: 'device-check.microphone' }), model.microphones, model.selectMicrophone)}
          <div part="field">
            <span id="level-label">${msg('Microphone level', { id: 'device-check.level' })}</span>
            <meter part="level-meter" min="0" max="100" low="10" .value=${model.levelPercent} aria-labelledby="level-label"></meter>
            <span part="hint">${msg('Say something: the bar should move.', { id: 'device-check.level-hint' })}</span>
          </div>
          ${model.canChooseSpeaker && model.speakers.length > 0
            ? this.chooser('speaker', msg('Speaker', { id: 'device-check.speaker' }), model.speakers, model.selectSpeaker)
            : nothing}
          <div part="actions">
            <button part="button" ?disabled=${model.testSoundPlaying} @click=${model.playTestSound}>
              ${model.testSoundPlaying ? msg('Playing test sound…', { id: 'device-check.sound-playing' }) : msg('Play test sound', { id: 'device-check.sound' })}
            </button>
            ${model.connectionTest === 'unavailable'
              ? nothing
              : html`<button part="button" ?disabled=${model.connectionTest === 'testing'} @click=${model.testConnection}>
                  ${model.connectionTest === 'testing'
                    ? msg('Testing connection…', { id: 'device-check.connection-testing' })
                    : msg('Test connection', { id: 'device-check.connection-test' })}
                </button>`}
          </div>
          <p part="connection-result" role="status">${this.connectionText(model)}</p>
          <div part="actions">
            <button part="button" data-variant="primary" ?disabled=${model.switchingDevice} @click=${model.continueToVisit}>
              ${msg('Continue', { id: 'device-check.continue' })}
            </button>
            ${model.canUseAudioOnly && model.showPreview
              ? html`<button part="button" @click=${model.continueAudioOnly}>${msg('Continue with audio only', { id: 'device-check.audio-only' })}</button>`
              : nothing}
          </div>
        </div>
      </div>`;
  }

  private heading(text: string): TemplateResult {
    return html`<h2 part="heading" tabindex="-1">${text}</h2>`;
  }

  private chooser(name: string, label: string, options: DeviceChoiceView[], choose: (deviceId: string) => void): TemplateResult {
    return html`<div part="field">
      <label for=${`choose-${name}`}>${label}</label>
      <select
        part="select"
        id=${`choose-${name}`}
        name=${name}
        @change=${(event: Event) => choose((event.target as HTMLSelectElement).value)}
      >
        ${options.map(
          (option) =>
            html`<option value=${option.deviceId} ?selected=${option.selected}>${option.label || msg(str`${label} ${option.number}`, { id: 'device-check.unnamed-device' })}</option>`,
        )}
      </select>
    </div>`;
  }

  private connectionText(model: DeviceCheckViewModel): string {
    if (model.connectionTest !== 'tested' || !model.connection) return '';
    const report = model.connection;
    if (!report.reachable) {
      return msg('We could not reach the video service. Check your internet connection, or continue and try anyway.', {
        id: 'device-check.connection-unreachable',
      });
    }
    const roundTrip = report.roundTripMs ?? 0;
    if (report.transport === 'tcp-only') {
      return msg(str`Connected (${roundTrip} ms), but only over TCP: video may be less smooth on this network.`, {
        id: 'device-check.connection-tcp',
      });
    }
    return msg(str`Connected: ${roundTrip} ms round trip.`, { id: 'device-check.connection-ok' });
  }

  private outcomeText(model: DeviceCheckViewModel): string {
    switch (model.outcome?.result) {
      case 'passed':
        return msg('Your camera and microphone are ready.', { id: 'device-check.outcome-passed' });
      case 'audio-only':
        return msg('You will join with audio only.', { id: 'device-check.outcome-audio-only' });
      default:
        return msg('You will join without camera and microphone. Your clinician will be told.', { id: 'device-check.outcome-failed' });
    }
  }

  private recoverySteps(browser: RecoveryBrowser): string[] {
    const tryAgain = msg('Come back to this page and choose Try again.', { id: 'device-check.steps.try-again' });
    switch (browser) {
      case 'chrome':
        return [
          msg('Select the site settings icon at the left end of the address bar.', { id: 'device-check.steps.chrome-1' }),
          msg('Turn Camera and Microphone on, or set them to Allow.', { id: 'device-check.steps.chrome-2' }),
          tryAgain,
        ];
      case 'edge':
        return [
          msg('Select the lock icon at the left end of the address bar, then Permissions for this site.', { id: 'device-check.steps.edge-1' }),
          msg('Set Camera and Microphone to Allow.', { id: 'device-check.steps.edge-2' }),
          tryAgain,
        ];
      case 'firefox':
        return [
          msg('Select the crossed-out camera or microphone icon in the address bar.', { id: 'device-check.steps.firefox-1' }),
          msg('Clear the Blocked setting for the camera and the microphone.', { id: 'device-check.steps.firefox-2' }),
          msg('Choose Try again, then Allow when Firefox asks.', { id: 'device-check.steps.firefox-3' }),
        ];
      case 'safari':
        return [
          msg('In the Safari menu, choose Settings for This Website.', { id: 'device-check.steps.safari-1' }),
          msg('Set Camera and Microphone to Allow.', { id: 'device-check.steps.safari-2' }),
          tryAgain,
        ];
      case 'other':
        return [
          msg("Open your browser's settings for this website.", { id: 'device-check.steps.other-1' }),
          msg('Allow the camera and the microphone.', { id: 'device-check.steps.other-2' }),
          tryAgain,
        ];
    }
  }
}
