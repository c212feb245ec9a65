import { AttuneError, type DeviceOption, type MediaDevicesPort, type PermissionStatus, type QueueEntry, type VisitApi } from '@attune/core';
import { visitInScene } from '@attune/core/visit/visit-scenes.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import * as intakeStories from '../../../stories/intake-form.stories.js';
import './device-check/define.js';
import type { AttuneDeviceCheck } from './device-check/device-check.element.js';
import { getAttuneLocale, setAttuneLocale } from './localization.js';
import './queue/define.js';
import type { AttuneQueue } from './queue/queue.element.js';
import './waiting-room/define.js';

// Spanish ships: the same elements, switched at runtime, speak Spanish, switch back, and stay accessible.

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

/** A visit API whose queue holds one patient with a PHQ-9 item 9 flag. */
class OnePatientVisitApi implements VisitApi {
  entries: QueueEntry[] = [
    {
      appointmentId: 'appt-1',
      identity: 'patient-1',
      label: 'Ana R.',
      arrivedAt: minutesAgo(4),
      state: 'waiting',
      deviceCheck: 'passed',
      intake: 'completed',
      riskFlags: [{ code: 'phq9-item9', label: 'PHQ-9 item 9', raisedAt: minutesAgo(30) }],
    },
  ];
  async queue() {
    return this.entries;
  }
  async admit() {}
  async deny() {}
  async holdMessage() {}
  async joinDesk() {
    return { livekitUrl: 'ws://127.0.0.1:1', token: 'desk', room: 'desk-1', identity: 'desk-1', expiresAt: 0 };
  }
  async join(): Promise<never> {
    throw new AttuneError('internal', 'not used');
  }
  async end() {}
}

/** A stream with a real (canvas) video track and a real (oscillator) audio track. */
function syntheticStream(): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.getContext('2d')!.fillRect(0, 0, 64, 48);
  const audio = new AudioContext();
  const destination = audio.createMediaStreamDestination();
  audio.createOscillator().connect(destination);
  return new MediaStream([...canvas.captureStream(5).getVideoTracks(), ...destination.stream.getAudioTracks()]);
}

/** A devices port that starts with the browser's permission in `permission`. */
function devicesWithPermission(permission: PermissionStatus): MediaDevicesPort {
  const list: DeviceOption[] = [
    { deviceId: 'cam-1', kind: 'videoinput', label: 'Front camera' },
    { deviceId: 'mic-1', kind: 'audioinput', label: 'Built-in microphone' },
  ];
  return {
    permission: async () => permission,
    enumerate: async () => list,
    open: async () => syntheticStream(),
    release: (stream) => stream.getTracks().forEach((track) => track.stop()),
    watchLevel: (_stream, onLevel) => {
      onLevel(0.5);
      return () => {};
    },
    playTestSound: async () => {},
    canChooseSpeaker: () => false,
    watchDevices: () => () => {},
  };
}

const shadow = (el: HTMLElement) => el.shadowRoot!;
const state = (el: HTMLElement) => shadow(el).querySelector('[part="base"]')?.getAttribute('data-state');
const text = (el: HTMLElement, selector: string) => shadow(el).querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();
const buttonNames = (el: HTMLElement) => [...shadow(el).querySelectorAll('button')].map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim());

async function showQueue() {
  const el = await fixture<AttuneQueue>(html`<attune-queue .api=${new OnePatientVisitApi()} .desk=${null}></attune-queue>`);
  await waitUntil(() => state(el) === 'live', 'the queue never went live');
  return el;
}

/** Switches the locale as a host page would: the catalogue and the document's language together. */
async function switchTo(locale: string, ...elements: Array<{ updateComplete: Promise<boolean> }>) {
  await setAttuneLocale(locale);
  document.documentElement.lang = getAttuneLocale();
  await Promise.all(elements.map((el) => el.updateComplete));
}

describe('Attune in Spanish', () => {
  afterEach(() => switchTo('en'));

  it('the clinician’s queue speaks Spanish, risk flag included, and is accessible', async () => {
    await switchTo('es');
    const el = await showQueue();
    expect(getAttuneLocale()).to.equal('es');
    expect(text(el, '[part="heading"]')).to.equal('Pacientes en espera');
    expect(text(el, '[part="risk-flag"]')).to.equal('⚠ Riesgo: PHQ-9, ítem 9: pensamientos de que estaría mejor muerto(a) o de hacerse daño');
    expect(buttonNames(el)).to.include.members(['Admitir a Ana R.', 'Enviar un mensaje a Ana R.', 'Rechazar a Ana R.']);
    await expect(el).to.be.accessible();
  });

  it('switching back to English re-renders an element already on the page', async () => {
    await switchTo('es');
    const el = await showQueue();
    expect(text(el, '[part="heading"]')).to.equal('Pacientes en espera');
    await switchTo('en', el);
    expect(getAttuneLocale()).to.equal('en');
    expect(text(el, '[part="heading"]')).to.equal('Waiting patients');
    expect(buttonNames(el)).to.include.members(['Admit Ana R.', 'Deny Ana R.']);
    await switchTo('es', el);
    expect(buttonNames(el)).to.include('Admitir a Ana R.');
  });

  it('the device check asks for the camera in Spanish and reaches the preview, accessibly', async () => {
    await switchTo('es');
    const el = await fixture<AttuneDeviceCheck>(html`<attune-device-check .devices=${devicesWithPermission('prompt')}></attune-device-check>`);
    await waitUntil(() => state(el) === 'permission-prompt', 'never asked for access');
    expect(text(el, '[part="heading"]')).to.equal('Permita el uso de su cámara y su micrófono');
    await expect(el).to.be.accessible();
    const turnOn = [...shadow(el).querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Activar cámara y micrófono');
    expect(turnOn, 'the Spanish “turn on” button').to.exist;
    turnOn!.click();
    await waitUntil(() => state(el) === 'ready', 'never reached the preview', { timeout: 10_000 });
    expect(text(el, '[part="heading"]')).to.equal('Revise su cámara y su micrófono');
    expect(buttonNames(el)).to.include('Continuar');
    await expect(el).to.be.accessible();
  });

  it('blocked access gives Spanish recovery steps that name the Spanish button', async () => {
    await switchTo('es');
    const el = await fixture<AttuneDeviceCheck>(
      html`<attune-device-check recovery-browser="firefox" .devices=${devicesWithPermission('denied')}></attune-device-check>`,
    );
    await waitUntil(() => state(el) === 'permission-denied', 'never showed the blocked screen');
    expect(text(el, '[part="heading"]')).to.equal('Su cámara y su micrófono están bloqueados');
    expect(text(el, '[part="steps"]')).to.contain('Elija Intentar de nuevo y luego Permitir cuando Firefox se lo pregunte.');
    expect(buttonNames(el)).to.include('Intentar de nuevo');
    await expect(el).to.be.accessible();
  });

  it('crisis resources keep the 988 Lifeline’s Spanish name and 911, accessibly', async () => {
    await switchTo('es');
    const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>((intakeStories.SubmittedWithRiskFlag as { render: () => TemplateResult }).render());
    await waitUntil(() => shadow(el).querySelector('[part="crisis"]'), 'no crisis resources', { timeout: 5000 });
    const crisis = text(el, '[part="crisis"]')!;
    expect(crisis).to.contain('Línea 988 de Prevención del Suicidio y Crisis');
    expect(crisis).to.contain('Llame o envíe un mensaje de texto al 988, a cualquier hora, de día o de noche.');
    expect(crisis).to.contain('Llame al 911 si está en peligro inmediato.');
    expect(shadow(el).querySelector('[part="crisis"] a')!.getAttribute('href')).to.equal('tel:988');
    await expect(el).to.be.accessible();
  });

  it('explains a failed visit in Spanish, never in the developer’s English message', async () => {
    await switchTo('es');
    const harness = await visitInScene('failed');
    const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(html`<attune-waiting-room .actor=${harness.actor}></attune-waiting-room>`);
    expect(text(el, '[role="alert"]')).to.equal('Parece que no tiene conexión. Revise su conexión a internet y vuelva a intentarlo.');
    await expect(el).to.be.accessible();
  });

  for (const regional of ['es-MX', 'es_US', 'ES']) {
    it(`a regional code (${regional}) gets its language's catalogue, as navigator.language gives it`, async () => {
      await switchTo('en');
      const el = await showQueue();
      await switchTo(regional, el);
      expect(getAttuneLocale()).to.equal('es');
      expect(text(el, '[part="heading"]')).to.equal('Pacientes en espera');
    });
  }

  for (const unknown of ['fr', 'klingon', '']) {
    it(`an unknown locale (${JSON.stringify(unknown)}) falls back to English`, async () => {
      await switchTo('es');
      const el = await showQueue();
      await switchTo(unknown, el);
      expect(getAttuneLocale()).to.equal('en');
      expect(text(el, '[part="heading"]')).to.equal('Waiting patients');
    });
  }
});
