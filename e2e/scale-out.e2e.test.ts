// DESIGN.md, "When one machine is not enough": two livekit-server nodes sharing Redis (one LiveKit
// cluster), two reference-server instances on one PostgreSQL, the patient routed through instance A
// to node 1 and the clinician through instance B to node 2, and the visit still works, through
// `<attune-session>` in Chromium.
//
// What open-source LiveKit does with that (v1.13.5, checked here): a room lives on ONE node, chosen
// by the cluster when the room is created (at random among the available nodes), recorded in Redis
// (`room_node_map`). A client's WebSocket stays with the node it connected to, which relays the
// signalling to the hosting node; the client's media (ICE) goes straight to the hosting node. The
// RoomService API answers for any room from any node. So one of the two people is always signalled
// through the node that does not host the room; which one changes from run to run, and the test
// checks the same facts either way.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newMediaContext } from './support/browser.js';
import { waitForCountToGrow } from './support/decoding-progress.js';
import { serveFixturePage, type FixturePageServer } from './support/fixture-pages.js';
import { startScaleOutStack, type LivekitNode, type ScaleOutStack, type ServerInstance } from './support/scale-out-stack.js';
import { waitFor } from './support/wait.js';

declare global {
  interface Window {
    /** Every RTCPeerConnection the page opened (recorded by the test's init script, for ICE statistics). */
    openedPeerConnections?: RTCPeerConnection[];
  }
}

interface Side {
  name: string;
  context: BrowserContext;
  page: Page;
  /** host:port of every LiveKit signalling WebSocket the page opened. */
  livekitSockets: string[];
  /** Every request the page sent to a reference-server instance, as `METHOD url`. */
  serverRequests: string[];
}

interface QueueRow {
  appointmentId: string;
  identity: string;
  state: string;
}

const appointment = 'demo-visit-1';

describe('a visit across two LiveKit nodes (one Redis) and two server instances (one PostgreSQL)', () => {
  let stack: ScaleOutStack;
  let fixture: FixturePageServer;
  let browser: Browser;
  let otherDatabase: ServerInstance;
  const opened: Side[] = [];

  before(async () => {
    [stack, fixture, browser] = await Promise.all([startScaleOutStack(), serveFixturePage('reliability-session'), launchBrowser()]);
    otherDatabase = await stack.startInstanceOnOtherDatabase(stack.nodes[1]);
  });

  after(async () => {
    await Promise.all(opened.map((side) => side.context.close()));
    await browser?.close();
    await Promise.all([fixture?.close(), stack?.stop()]);
  });

  async function openSession(name: string, server: ServerInstance, role: 'patient' | 'clinician', hostToken: string): Promise<Side> {
    const context = await newMediaContext(browser);
    // Test-side instrument, not part of the page: keep each peer connection so its selected ICE pair can be read.
    await context.addInitScript(() => {
      const Native = window.RTCPeerConnection;
      const peers: RTCPeerConnection[] = [];
      window.openedPeerConnections = peers;
      window.RTCPeerConnection = class extends Native {
        constructor(configuration?: RTCConfiguration) {
          super(configuration);
          peers.push(this);
        }
      };
    });
    const page = await context.newPage();
    const side: Side = { name, context, page, livekitSockets: [], serverRequests: [] };
    page.on('pageerror', (error) => console.error(`[${name} page] ${error.message}`));
    page.on('websocket', (socket) => {
      const url = new URL(socket.url());
      if (url.pathname.startsWith('/rtc')) side.livekitSockets.push(url.host);
    });
    page.on('request', (request) => {
      if (stack.servers.some((instance) => request.url().startsWith(instance.url))) side.serverRequests.push(`${request.method()} ${request.url()}`);
    });
    opened.push(side);
    const settings = new URLSearchParams({ appointment, role, server: server.url, token: hostToken });
    await page.goto(`${fixture.pageUrl}?${settings}`);
    return side;
  }

  const screenAndView = (side: Side) => side.page.evaluate(() => `${window.sessionProbe.screen()}:${window.sessionProbe.view()}`);
  const remoteFrames = (side: Side) => () => side.page.evaluate(() => window.sessionProbe.remoteVideoFrames());
  const callText = (side: Side) =>
    side.page.evaluate(() => document.querySelector('attune-session')?.shadowRoot?.querySelector('attune-video-call')?.shadowRoot?.textContent ?? '');

  async function waitForView(side: Side, expected: string, timeoutMs = 30_000): Promise<void> {
    await waitFor(`the ${side.name}'s session to show ${expected}`, () => screenAndView(side), (seen) => seen === expected, { timeoutMs });
  }

  async function queue(server: ServerInstance, token: string): Promise<QueueRow[]> {
    const { status, body } = await server.request<QueueRow[]>('GET', '/queue', token);
    assert.equal(status, 200, `GET /queue at ${server.name} answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }

  const hostOf = (node: LivekitNode) => new URL(node.livekit.url).host;
  const roomService = (node: LivekitNode) => new RoomServiceClient(node.livekit.httpUrl, stack.apiKey, stack.apiSecret);

  /** The remote end (protocol and port) of the ICE pair each connected peer connection of the page uses. */
  function mediaEndpoints(side: Side): Promise<Array<{ protocol: string; port: number }>> {
    return side.page.evaluate(async () => {
      const found: Array<{ protocol: string; port: number }> = [];
      for (const peer of window.openedPeerConnections ?? []) {
        if (peer.connectionState !== 'connected') continue;
        const stats = await peer.getStats();
        stats.forEach((report) => {
          if (report.type !== 'transport' || !report.selectedCandidatePairId) return;
          const remote = stats.get(stats.get(report.selectedCandidatePairId)?.remoteCandidateId);
          if (remote) found.push({ protocol: remote.protocol, port: remote.port });
        });
      }
      return found;
    });
  }

  it('patient through A to node 1, clinician through B to node 2: knock, queue, admit, encrypted video both ways, end', async (t: TestContext) => {
    const [a, b] = stack.servers;
    const [node1, node2] = stack.nodes;
    const room = stack.room(appointment);
    // Each person signs in where their load balancer sent them; the host app's tokens are good at every instance.
    const [patientToken, clinicianToken] = await Promise.all([a.login('patient-1'), b.login('clinician-1')]);

    const clinician = await openSession('clinician', b, 'clinician', clinicianToken);
    await clinician.page.getByRole('button', { name: 'Join the visit' }).click();
    await waitForView(clinician, 'call:inCall');
    const patient = await openSession('patient', a, 'patient', patientToken);
    await patient.page.getByRole('button', { name: 'Let my clinician know I am here' }).click();
    await waitForView(patient, 'waiting-room:waiting');

    // The patient knocked at A; the clinician's queue comes from B.
    const waiting = await waitFor(
      `B's queue to list the patient who knocked through A`,
      () => queue(b, clinicianToken),
      (rows) => rows.some((row) => row.appointmentId === appointment && row.state === 'waiting'),
    );
    const identity = waiting.find((row) => row.appointmentId === appointment)!.identity;

    // Really on different nodes: each page's signalling went only to its instance's node.
    assert.ok(patient.livekitSockets.length > 0 && clinician.livekitSockets.length > 0, 'both pages opened a LiveKit WebSocket');
    assert.deepEqual(new Set(patient.livekitSockets), new Set([hostOf(node1)]), `the patient's LiveKit connections (node 1 is ${hostOf(node1)})`);
    assert.deepEqual(new Set(clinician.livekitSockets), new Set([hostOf(node2)]), `the clinician's LiveKit connections (node 2 is ${hostOf(node2)})`);
    // …and still in one room: either node's RoomService lists both of them.
    for (const node of stack.nodes) {
      const participants = await roomService(node).listParticipants(room);
      const roles = participants.map((participant) => `${participant.attributes['attune.role']}:${participant.identity}`).sort();
      assert.equal(participants.length, 2, `${node.name} lists ${JSON.stringify(roles)}`);
      assert.ok(roles.includes(`patient:${identity}`), `${node.name} lists the waiting patient: ${JSON.stringify(roles)}`);
      assert.ok(roles.some((role) => role.startsWith('clinician:')), `${node.name} lists the clinician: ${JSON.stringify(roles)}`);
    }

    // What makes this work is the shared store, not luck: an instance on its own database, on the same
    // LiveKit cluster and accepting the same host token, neither lists this patient nor can admit them.
    assert.deepEqual(await queue(otherDatabase, clinicianToken), [], `${otherDatabase.name} lists a patient it never saw`);
    const refused = await otherDatabase.request<{ code?: string }>('POST', `/visits/${appointment}/admit`, clinicianToken, { identity });
    assert.equal(refused.status, 404, `admit at ${otherDatabase.name} answered ${refused.status}: ${JSON.stringify(refused.body)}`);
    assert.equal(await screenAndView(patient), 'waiting-room:waiting', 'the refused admission let the patient in');

    const admitted = await b.request('POST', `/visits/${appointment}/admit`, clinicianToken, { identity });
    assert.equal(admitted.status, 204, `admit at B answered ${admitted.status}: ${JSON.stringify(admitted.body)}`);
    await waitForView(patient, 'call:inCall');
    for (const [side, other] of [
      [patient, clinician],
      [clinician, patient],
    ] as const) {
      await waitForCountToGrow(`frames of the ${other.name}'s video shown at the ${side.name}`, remoteFrames(side), { by: 15 });
      assert.match(await callText(side), /Encrypted end to end/, `the ${side.name}'s call says it is end-to-end encrypted`);
    }

    // Where the media goes: both people's media reach the one node that hosts the room.
    const host = await stack.roomHost(room);
    assert.ok(host, `Redis names no node hosting ${room}`);
    const relayed = host === node1 ? clinician : patient;
    const seen: string[] = [];
    for (const side of [patient, clinician]) {
      const endpoints = await mediaEndpoints(side);
      seen.push(`${side.name}: ${endpoints.map((endpoint) => `${endpoint.protocol}/${endpoint.port}`).join(', ')}`);
      assert.ok(endpoints.length > 0, `the ${side.name} has no connected media transport`);
      for (const endpoint of endpoints) {
        const hostPort: number = endpoint.protocol === 'tcp' ? host.mediaPorts.tcp : host.mediaPorts.udp;
        assert.equal(endpoint.port, hostPort, `the ${side.name}'s media go to ${endpoint.protocol} port ${endpoint.port}, not to the hosting ${host.name}`);
      }
    }
    t.diagnostic(
      `room hosted on ${host.name} (${host.nodeId}); the ${relayed.name}'s signalling is relayed by the other node, ` +
        `its media go straight to ${host.name} (media ports ${JSON.stringify(host.mediaPorts)}; ${seen.join('; ')})`,
    );

    // The clinician ends the visit from the call; their page sends that to B, and the patient on A / node 1 sees it.
    await clinician.page.getByRole('button', { name: 'End visit for everyone' }).click();
    await waitForView(clinician, 'call:ended');
    await waitForView(patient, 'call:ended');
    assert.match(await callText(patient), /Your clinician ended the visit\./);
    assert.ok(
      clinician.serverRequests.includes(`POST ${b.url}/visits/${appointment}/end`),
      `the clinician's page did not end the visit through B: ${JSON.stringify(clinician.serverRequests)}`,
    );
    assert.ok(
      patient.serverRequests.every((request) => request.split(' ')[1]!.startsWith(`${a.url}/`)),
      `the patient's page went past A: ${JSON.stringify(patient.serverRequests)}`,
    );
    for (const node of stack.nodes) {
      await waitFor(`${node.name} to drop the ended visit's room`, () => roomService(node).listRooms([room]), (rooms) => rooms.length === 0);
    }
  });
});
