/** The devices a patient picked last time: device ids only, never labels (a label can name a person's hardware). */
export interface DeviceChoices {
  audioInputId?: string | undefined;
  videoInputId?: string | undefined;
  audioOutputId?: string | undefined;
}

export interface DeviceChoiceStore {
  load(): DeviceChoices;
  save(choices: DeviceChoices): void;
}

const storageKey = 'attune.device-choices';

/** Remembers choices in `localStorage`; a private window or blocked storage just forgets. */
export function createLocalDeviceChoiceStore(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): DeviceChoiceStore {
  return {
    load() {
      try {
        const stored: unknown = JSON.parse(storage?.getItem(storageKey) ?? '{}');
        if (typeof stored !== 'object' || stored === null) return {};
        const record = stored as Record<string, unknown>;
        const pick = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
        return { audioInputId: pick('audioInputId'), videoInputId: pick('videoInputId'), audioOutputId: pick('audioOutputId') };
      } catch {
        return {};
      }
    },
    save(choices) {
      try {
        storage?.setItem(
          storageKey,
          JSON.stringify({ audioInputId: choices.audioInputId, videoInputId: choices.videoInputId, audioOutputId: choices.audioOutputId }),
        );
      } catch {
        // Storage full or blocked: the choice still applies to this visit.
      }
    },
  };
}

/** Keeps choices for this page only (tests, or hosts that forbid storage). */
export function createMemoryDeviceChoiceStore(initial: DeviceChoices = {}): DeviceChoiceStore {
  let choices = { ...initial };
  return {
    load: () => ({ ...choices }),
    save: (next) => {
      choices = { ...next };
    },
  };
}
