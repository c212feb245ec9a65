import { createMemoryVault } from '@attune/core/vault/memory-vault.js';
import { visitInScene, type VisitScene } from '@attune/core/visit/visit-scenes.js';
import '@attune/elements/waiting-room.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

// Each story drives the real visit machine through in-memory fakes (server and room) to the
// state it is named after; nothing here is a mocked-up picture of a state.

const meta: Meta = {
  title: 'Visit/Waiting room',
  component: 'attune-waiting-room',
};
export default meta;
type Story = StoryObj;

// A log-off wipes the vault; stories hand in one in memory so browsing them never wipes the browser's own.
function scene(name: VisitScene): Story {
  return {
    loaders: [async () => ({ harness: await visitInScene(name), vault: createMemoryVault() })],
    render: (_args, { loaded }) =>
      html`<attune-waiting-room .actor=${loaded['harness'].actor} .vault=${loaded['vault']}>
        <p slot="practice">While you wait: breathe in for four counts, hold for four, out for six.</p>
      </attune-waiting-room>`,
  };
}

export const Ready = scene('ready');
export const Knocking = scene('knocking');
export const Waiting = scene('waiting');
export const WaitingWithHoldMessages = scene('waitingWithMessages');
export const WaitingClinicianRunningLate = scene('waitingClinicianRunningLate');
export const ReconnectingWhileWaiting = scene('reconnectingWhileWaiting');
export const InactivityWarning = scene('inactivityWarningWhileWaiting');
export const Admitted = scene('inCall');
export const Denied = scene('denied');
export const Rescheduled = scene('rescheduled');
export const Ended = scene('endedWhileWaiting');
export const Left = scene('leftWhileWaiting');
export const LoggedOff = scene('loggedOff');
export const Failed = scene('failed');
export const Disconnected = scene('disconnected');
