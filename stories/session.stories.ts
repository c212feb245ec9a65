import { queueIntake } from '@attune/core';
import { createFakeMediaRoom } from '@attune/core/media/fake-media-room.js';
import { createMemoryVault } from '@attune/core/vault/memory-vault.js';
import { createFakeVisitApi } from '@attune/core/visit/fake-visit-api.js';
import { visitInScene, type VisitScene } from '@attune/core/visit/visit-scenes.js';
import '@attune/elements/session.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

// The session is the one tag a practice drops in. Its screens follow the visit's state; the
// waiting-room and video-call stories show every state of each screen.

const meta: Meta = {
  title: 'Visit/Session',
  component: 'attune-session',
};
export default meta;
type Story = StoryObj;

function handedIn(name: VisitScene): Story {
  return {
    loaders: [async () => ({ harness: await visitInScene(name) })],
    render: (_args, { loaded }) => html`<attune-session skip-device-check .actor=${loaded['harness'].actor}></attune-session>`,
  };
}

/** The patient's first screen: the device check (H4's element), then the knock. */
export const DeviceCheckFirst: Story = {
  render: () => html`<attune-session appointment-id="appt-1" .api=${createFakeVisitApi()} .createMediaRoom=${() => createFakeMediaRoom()}></attune-session>`,
};

export const WaitingRoom = handedIn('waitingWithMessages');
export const Call = handedIn('inCallWithClinician');
export const ClinicianCall = handedIn('clinicianInCall');
export const EndedAfterCall = handedIn('endedByClinician');

/** Logged off for inactivity while waiting, with an intake response not yet sent: the wipe removed it, and the session says so. */
export const LoggedOffUnsentAnswersRemoved: Story = {
  loaders: [
    async () => {
      // In memory: browsing the story never wipes the browser's own vault.
      const vault = createMemoryVault();
      await queueIntake(vault, { resourceType: 'QuestionnaireResponse', status: 'completed', identifier: { system: 'urn:attune:intake', value: 'story-1' } } as Parameters<typeof queueIntake>[1]);
      return { harness: await visitInScene('loggedOff'), vault };
    },
  ],
  render: (_args, { loaded }) => html`<attune-session skip-device-check .actor=${loaded['harness'].actor} .vault=${loaded['vault']}></attune-session>`,
};

export const NotConfigured: Story = {
  render: () => html`<attune-session skip-device-check></attune-session>`,
};
