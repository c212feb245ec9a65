import { AttuneError, intakeFormMachine, phq9, sampleIntake, type Questionnaire, type Records, type Vault } from '@attune/core';
import '@attune/elements/intake-form.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { createActor, waitFor } from 'xstate';

// Each story runs the real intake form machine against scripted records and an in-memory vault,
// walked to the state it is named after.

type RecordsScript = 'ok' | 'hang' | 'offline' | 'refuse';

function scriptedRecords(script: { mode: RecordsScript }): Records {
  let next = 1;
  const act = async <T,>(value: () => T): Promise<T> => {
    if (script.mode === 'hang') return new Promise<T>(() => {});
    if (script.mode === 'offline') throw new AttuneError('records/offline', 'The records server cannot be reached.');
    if (script.mode === 'refuse') throw new AttuneError('records/invalid', 'Refused.');
    return value();
  };
  return {
    create: (resource) => act(() => ({ ...resource, id: String(next++) })),
    read: () =>
      act(() => {
        throw new AttuneError('records/not-found', 'No such record.');
      }),
    update: (resource) => act(() => resource),
    search: () => act(() => []),
  };
}

function memoryVault(): Vault {
  const data = new Map<string, unknown>();
  return {
    put: async (store, id, value) => void data.set(`${store}/${id}`, structuredClone(value)),
    get: async <T,>(store: string, id: string) => data.get(`${store}/${id}`) as T | undefined,
    delete: async (store, id) => void data.delete(`${store}/${id}`),
    list: async <T,>(store: string) => [...data].filter(([k]) => k.startsWith(`${store}/`)).map(([k, v]) => ({ id: k.slice(store.length + 1), value: v as T })),
    wipe: async () => data.clear(),
  };
}

type IntakeActor = ReturnType<typeof createActor<typeof intakeFormMachine>>;

function shown(
  input: { questionnaire?: unknown; questionnaireUrl?: string; mode?: RecordsScript; online?: boolean },
  walk?: (actor: IntakeActor, script: { mode: RecordsScript }) => Promise<void>,
) {
  const script = { mode: input.mode ?? 'ok' };
  const actor = createActor(intakeFormMachine, {
    input: {
      ...(input.questionnaire !== undefined ? { questionnaire: input.questionnaire } : {}),
      ...(input.questionnaireUrl ? { questionnaireUrl: input.questionnaireUrl } : {}),
      records: scriptedRecords(script),
      vault: memoryVault(),
      subject: { reference: 'Patient/story' },
      online: input.online ?? true,
    },
  });
  actor.start();
  if (walk) void walk(actor, script);
  return html`<attune-intake-form .actor=${actor}></attune-intake-form>`;
}

const ready = (actor: IntakeActor) => waitFor(actor, (s) => s.matches('form'));

/** Answers every PHQ-9 question; item 9 gets `itemNine`. */
function answerPhq9(actor: IntakeActor, itemNine: number) {
  for (const item of phq9.item!.filter((i) => i.type === 'choice' && i.required)) {
    const score = item.linkId === '44260-8' ? itemNine : 1;
    const option = item.answerOption!.find((o) => o.extension?.[0]?.valueDecimal === score)!;
    actor.send({ type: 'ANSWER', linkId: item.linkId, answers: [{ valueCoding: option.valueCoding! }] });
  }
}

const short: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://fhir.attune.dev/Questionnaire/story-short',
  title: 'Before your visit',
  item: [
    { linkId: 'feeling', type: 'choice', text: 'How are you feeling today?', required: true, answerOption: [{ valueString: 'Well' }, { valueString: 'So-so' }, { valueString: 'Unwell' }] },
    { linkId: 'note', type: 'text', text: 'Anything you want your clinician to know?' },
  ],
};

const meta: Meta = {
  title: 'Intake/Intake form',
  component: 'attune-intake-form',
};
export default meta;
type Story = StoryObj;

export const Loading: Story = { render: () => shown({ questionnaireUrl: short.url!, mode: 'hang' }) };

export const LoadFailed: Story = { render: () => shown({ questionnaireUrl: short.url!, mode: 'offline' }) };

export const Empty: Story = { render: () => shown({ questionnaire: phq9 }) };

export const EveryItemType: Story = { render: () => shown({ questionnaire: sampleIntake }) };

export const Drafting: Story = {
  render: () =>
    shown({ questionnaire: short }, async (actor) => {
      await ready(actor);
      actor.send({ type: 'ANSWER', linkId: 'feeling', answers: [{ valueString: 'So-so' }] });
    }),
};

export const Invalid: Story = {
  render: () =>
    shown({ questionnaire: sampleIntake }, async (actor) => {
      await ready(actor);
      actor.send({ type: 'ENTER_TEXT', linkId: 'zip', text: '9021' });
      actor.send({ type: 'SUBMIT' });
    }),
};

export const Submitting: Story = {
  render: () =>
    shown({ questionnaire: short }, async (actor, script) => {
      await ready(actor);
      actor.send({ type: 'ANSWER', linkId: 'feeling', answers: [{ valueString: 'Well' }] });
      script.mode = 'hang';
      actor.send({ type: 'SUBMIT' });
    }),
};

export const SubmitFailed: Story = {
  render: () =>
    shown({ questionnaire: short }, async (actor, script) => {
      await ready(actor);
      actor.send({ type: 'ANSWER', linkId: 'feeling', answers: [{ valueString: 'Well' }] });
      script.mode = 'refuse';
      actor.send({ type: 'SUBMIT' });
    }),
};

export const OfflineQueued: Story = {
  render: () =>
    shown({ questionnaire: short, online: false }, async (actor) => {
      await ready(actor);
      actor.send({ type: 'ANSWER', linkId: 'feeling', answers: [{ valueString: 'Unwell' }] });
      actor.send({ type: 'SUBMIT' });
    }),
};

export const OfflineQueuedWithRiskFlag: Story = {
  render: () =>
    shown({ questionnaire: phq9, online: false }, async (actor) => {
      await ready(actor);
      answerPhq9(actor, 1);
      actor.send({ type: 'SUBMIT' });
    }),
};

export const Submitted: Story = {
  render: () =>
    shown({ questionnaire: phq9 }, async (actor) => {
      await ready(actor);
      answerPhq9(actor, 0);
      actor.send({ type: 'SUBMIT' });
    }),
};

export const SubmittedWithRiskFlag: Story = {
  render: () =>
    shown({ questionnaire: phq9 }, async (actor) => {
      await ready(actor);
      answerPhq9(actor, 2);
      actor.send({ type: 'SUBMIT' });
    }),
};

export const UnsupportedFeatureNotice: Story = {
  render: () =>
    shown({
      questionnaire: {
        ...short,
        item: [
          ...short.item!,
          { linkId: 'gp', type: 'reference', text: 'Your family doctor' },
          { linkId: 'lookup', type: 'choice', text: 'Medication', answerValueSet: 'http://example.org/ValueSet/medications' },
        ],
      },
    }),
};

export const MalformedQuestionnaire: Story = {
  render: () =>
    shown({
      questionnaire: {
        resourceType: 'Questionnaire',
        item: [
          { linkId: 'a', type: 'string' },
          { linkId: 'a', type: 'question' },
          { linkId: 'b', type: 'string', enableWhen: [{ question: 'c', operator: '=', answerBoolean: true }] },
          { linkId: 'c', type: 'boolean', enableWhen: [{ question: 'b', operator: 'exists', answerBoolean: true }] },
          { linkId: 'd', type: 'string', extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/regex', valueString: '([' }] },
        ],
      },
    }),
};

export const WrongJson: Story = { render: () => shown({ questionnaire: '{"resourceType": "Questionnaire", "item": [' }) };
