import { queueIntake, type MediaTrack, type Vault } from '@attune/core';
import { createMemoryVault } from '@attune/core/vault/memory-vault.js';
import type { VisitHarness } from '@attune/core/visit/visit-harness.js';
import { visitInScene, type VisitScene } from '@attune/core/visit/visit-scenes.js';
import '@attune/elements/video-call.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

// Each story drives the real visit machine through in-memory fakes to its state. Remote people
// are drawn on a canvas, so the stage shows moving video without a camera or a server.

const meta: Meta = {
  title: 'Visit/Video call',
  component: 'attune-video-call',
};
export default meta;
type Story = StoryObj;

const colours = ['#1d4ed8', '#166534', '#9f1239', '#92400e'];

function paintedTrack(track: MediaTrack, index: number): MediaTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 180;
  const context = canvas.getContext('2d')!;
  let frame = 0;
  const paint = () => {
    frame += 1;
    context.fillStyle = colours[index % colours.length]!;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = '#ffffff';
    context.beginPath();
    context.arc(160 + Math.sin(frame / 20) * 40, 90, 30, 0, Math.PI * 2);
    context.fill();
    requestAnimationFrame(paint);
  };
  paint();
  const stream = canvas.captureStream(15);
  return { ...track, attach: (element) => void (element.srcObject = stream), detach: (element) => void (element.srcObject = null) };
}

// A log-off wipes the vault; stories hand in one in memory so browsing them never wipes the browser's own.
// `then` plays what happens next in the room, for a moment a scene does not name.
function scene(name: VisitScene, vault: () => Promise<Vault> = async () => createMemoryVault(), then?: (harness: VisitHarness) => void): Story {
  return {
    loaders: [
      async () => {
        let painted = 0;
        const harness = await visitInScene(name, { decorateTrack: (track) => paintedTrack(track, painted++) });
        then?.(harness);
        return { harness, vault: await vault() };
      },
    ],
    render: (_args, { loaded }) => html`<attune-video-call .actor=${loaded['harness'].actor} .vault=${loaded['vault']}></attune-video-call>`,
  };
}

/** A shared screen: a page of a document, to show it is letterboxed whole and never cropped. */
function paintedScreen(presenter: string): MediaTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 1440;
  canvas.height = 900;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#e5e7eb';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#ffffff';
  context.fillRect(320, 0, 800, canvas.height);
  context.fillStyle = '#9ca3af';
  for (let line = 0; line < 20; line++) context.fillRect(380, 80 + line * 38, line % 5 === 4 ? 420 : 680, 14);
  // Marks in the corners: cropping the screen would cut them off.
  context.fillStyle = '#b91c1c';
  for (const [x, y] of [[0, 0], [canvas.width - 40, 0], [0, canvas.height - 40], [canvas.width - 40, canvas.height - 40]] as const) context.fillRect(x, y, 40, 40);
  const stream = canvas.captureStream(5);
  return {
    id: `${presenter}-screen`,
    participantIdentity: presenter,
    kind: 'video',
    source: 'screen',
    local: false,
    muted: false,
    attach: (element) => void (element.srcObject = stream),
    detach: (element) => void (element.srcObject = null),
  };
}

/** `name`, and then `presenter` shares their screen, as the room reports another participant's share. */
function screenSharedBy(name: VisitScene, presenter: string): Story {
  return scene(name, undefined, (harness) =>
    harness.room.emit({ type: 'tracks-changed', tracks: [...harness.actor.getSnapshot().context.tracks, paintedScreen(presenter)] }),
  );
}

/** The clinician with eight others, the most the grid shows: nine 16:9 tiles in rows as balanced as the space allows. */
function fullGroup(): Story {
  const others = ['patient-1', 'patient-2', 'support-person', 'interpreter', 'carer', 'nurse', 'student', 'family-member'];
  return scene('groupCall', undefined, (harness) => {
    const own = harness.actor.getSnapshot().context.tracks.filter((track) => track.local);
    const cameras = others.map((identity, index) =>
      paintedTrack({ id: `${identity}-camera`, participantIdentity: identity, kind: 'video', source: 'camera', local: false, muted: false, attach: () => {}, detach: () => {} }, index),
    );
    harness.room.emit({ type: 'tracks-changed', tracks: [...own, ...cameras] });
    harness.room.emit({ type: 'participants-changed', participants: others.map((identity) => ({ identity, attributes: {}, isSpeaking: false })) });
  });
}

/** An intake response was still waiting to be sent when the visit logged off. */
async function vaultWithUnsentAnswers(): Promise<Vault> {
  const vault = createMemoryVault();
  await queueIntake(vault, { resourceType: 'QuestionnaireResponse', status: 'completed', identifier: { system: 'urn:attune:intake', value: 'story-1' } } as Parameters<typeof queueIntake>[1]);
  return vault;
}

export const NotStarted = scene('notStarted');
export const Connecting = scene('connecting');
export const InCallAlone = scene('inCall');
export const OneToOne = scene('inCallWithClinician');
export const ClinicianView = scene('clinicianInCall');
export const SmallGroup = scene('groupCall');
export const FullGroup = fullGroup();
export const MicrophoneAndCameraOff = scene('microphoneAndCameraOff');
export const ScreenSharing = scene('screenSharing');
/** The patient sees the clinician's screen whole, and the clinician's face beside it (under it on a phone). */
export const ScreenSharedByClinician = screenSharedBy('inCallWithClinician', 'clinician-1');
/** A small group while one of them presents: the cameras in two narrow columns beside the screen. */
export const SmallGroupScreenShared = screenSharedBy('groupCall', 'patient-2');
export const AudioOnly = scene('audioOnly');
/** The connection was rated poor once: video stays while the grace runs, the quality reads poor. */
export const PoorConnectionNoticed = scene('poorConnectionNoticed');
export const AudioOnlyOnPoorConnection = scene('audioOnlyAutomatic');
export const AudioOnlyConnectionRecovered = scene('audioOnlyRecovered');
export const Reconnecting = scene('reconnecting');
export const Reconnected = scene('reconnected');
export const InactivityWarning = scene('inactivityWarningInCall');
export const Ending = scene('ending');
export const EndedByClinician = scene('endedByClinician');
export const EndedForEveryone = scene('endedForEveryone');
export const Left = scene('leftCall');
export const Disconnected = scene('callDisconnected');
export const Failed = scene('failed');
export const LoggedOff = scene('loggedOff');
export const LoggedOffUnsentAnswersRemoved = scene('loggedOff', vaultWithUnsentAnswers);
