import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AnyActorRef, SnapshotFrom, Subscription } from 'xstate';

type ActorSource<TActor> = TActor | { create: () => TActor };

/**
 * Subscribes a lit element to an XState actor and re-renders it on every snapshot.
 *
 * Two ways to hold an actor:
 * - handed in (`new ActorController(host, actor)` or `setActor(actor)`): owned outside the element,
 *   never started or stopped here, so a call survives the element moving in the DOM;
 * - owned (`new ActorController(host, { create })`): made and started on connect, stopped on
 *   disconnect, made afresh if the element connects again.
 */
export class ActorController<TActor extends AnyActorRef> implements ReactiveController {
  private subscription: Subscription | undefined;
  private connected = false;
  private currentActor: TActor;
  private create: (() => TActor) | undefined;
  snapshot: SnapshotFrom<TActor>;

  constructor(
    private readonly host: ReactiveControllerHost,
    source: ActorSource<TActor>,
  ) {
    this.create = isFactory(source) ? source.create : undefined;
    this.currentActor = isFactory(source) ? source.create() : source;
    this.snapshot = this.currentActor.getSnapshot();
    host.addController(this);
  }

  get actor(): TActor {
    return this.currentActor;
  }

  /** True when this controller made the actor and so decides its life. */
  get owned(): boolean {
    return this.create !== undefined;
  }

  send = ((event: unknown) => this.currentActor.send(event)) as TActor['send'];

  /** Hands in an actor owned elsewhere; an actor this controller owned is stopped. */
  setActor(actor: TActor): void {
    if (actor === this.currentActor) return;
    this.unsubscribe();
    if (this.owned) this.currentActor.stop();
    this.create = undefined;
    this.currentActor = actor;
    this.snapshot = actor.getSnapshot();
    if (this.connected) this.subscribe();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.connected = true;
    if (this.create && this.currentActor.getSnapshot().status === 'stopped') {
      this.currentActor = this.create();
    }
    if (this.create) this.currentActor.start();
    this.subscribe();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe();
    if (this.create) this.currentActor.stop();
  }

  private subscribe(): void {
    this.snapshot = this.currentActor.getSnapshot();
    this.subscription = this.currentActor.subscribe((snapshot: SnapshotFrom<TActor>) => {
      this.snapshot = snapshot;
      this.host.requestUpdate();
    });
    this.host.requestUpdate();
  }

  private unsubscribe(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }
}

function isFactory<TActor>(source: ActorSource<TActor>): source is { create: () => TActor } {
  return typeof (source as { create?: unknown }).create === 'function' && !('send' in (source as object));
}
