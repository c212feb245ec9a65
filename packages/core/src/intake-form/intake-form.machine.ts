import { assign, enqueueActions, fromPromise, not, setup } from 'xstate';
import { AttuneError, toAttuneError } from '../errors.js';
import { crisisResources, type CrisisResource } from '../instruments/crisis-resources.js';
import { instrumentRulesLoaderFor, preloadInstrumentRules, type InstrumentRules, type InstrumentRulesLoader } from '../instruments/instrument-rules.js';
import type { Records, RiskFlag, Vault } from '../ports.js';
import { buildQuestionnaireResponse } from '../fhir/response-builder.js';
import { parseAnswerText, validateAnswers, type AnswerProblem } from '../questionnaire/answer-validation.js';
import { enabledLinkIds } from '../questionnaire/enable-when.js';
import type { ExpressionEngine } from '../questionnaire/expressions.js';
import { buildFormModel, type FormModel } from '../questionnaire/form-model.js';
import type { AnswerValue, Answers, Identifier, Questionnaire, QuestionnaireResponse, Reference } from '../questionnaire/types.js';
import { validateQuestionnaire, type QuestionnaireProblem } from '../questionnaire/validate.js';
import { flushIntakeOutbox, isOffline, queueIntake, submitIntake, type SubmittedIntake } from './submit-intake.js';
import { intakeDraftStore } from './intake-stores.js';


export interface IntakeFormInput {
  /** A Questionnaire object or its JSON text. */
  questionnaire?: unknown;
  /** A canonical URL to read the Questionnaire through Records when no object is given. */
  questionnaireUrl?: string;
  records?: Records;
  vault?: Vault;
  subject?: Reference;
  author?: Reference;
  /** A practice's own crisis lines, shown after Attune's defaults (never instead of them). */
  crisisResources?: CrisisResource[];
  online?: boolean;
  /**
   * How an instrument's rules chunk is fetched: `load()` as it is by default; tests hand in one that fails (a
   * patient offline when the form opened) or counts. It can delay or fail the load, not skip or replace the
   * rules: which rules a questionnaire needs is Attune's choice, so no configuration turns a risk flag off.
   */
  fetchRulesChunk?: <T>(load: () => Promise<T>) => Promise<T>;
  /** Loads the FHIRPath engine; tests and hosts may hand in their own loader. */
  loadExpressionEngine?: () => Promise<ExpressionEngine>;
  now?: () => string;
  newIdentifier?: () => string;
}

interface IntakeDraft {
  answers: Answers;
  pageIndex: number;
  identifier: Identifier;
  savedAt: string;
}

export interface IntakeFormContext {
  input: IntakeFormInput;
  model: FormModel | undefined;
  engine: ExpressionEngine | undefined;
  /** The instrument rules of this questionnaire, loading since the form knew which one it shows; undefined when it needs none. */
  instrumentRules: (() => Promise<InstrumentRules>) | undefined;
  questionnaireProblems: QuestionnaireProblem[];
  /** What the patient gave, before calculations. */
  given: Answers;
  /** `given` with every calculatedExpression applied: what the form shows and the response holds. */
  answers: Answers;
  enableWhenResults: Map<string, boolean>;
  enabled: Set<string>;
  /** Typed text that did not parse, kept so the field shows what was typed next to its problem. */
  entryText: Record<string, string>;
  entryProblems: AnswerProblem[];
  answerProblems: AnswerProblem[];
  showProblems: boolean;
  pageIndex: number;
  identifier: Identifier;
  draftSavedAt: string | undefined;
  resumed: boolean;
  online: boolean;
  pendingResponse: QuestionnaireResponse | undefined;
  /** Risk flags of the response being sent, known before any network: an offline patient sees crisis resources too. */
  pendingRiskFlags: RiskFlag[];
  /** The questionnaire has risk rules that could not be loaded: crisis resources are shown to be safe. */
  riskUnchecked: boolean;
  submitted: SubmittedIntake | undefined;
  crisisResources: CrisisResource[];
  error: AttuneError | undefined;
}

export type IntakeFormEvent =
  | { type: 'LOAD'; questionnaire?: unknown; questionnaireUrl?: string }
  | { type: 'CONTINUE' }
  | { type: 'ANSWER'; linkId: string; answers: AnswerValue[] }
  | { type: 'ENTER_TEXT'; linkId: string; text: string; index?: number }
  | { type: 'NEXT_PAGE' }
  | { type: 'PREVIOUS_PAGE' }
  | { type: 'SUBMIT' }
  | { type: 'RETRY' }
  | { type: 'ONLINE' }
  | { type: 'OFFLINE' }
  | { type: 'AUTOSAVE' }
  | { type: 'DRAFT_SAVED'; savedAt: string };

type Loaded =
  | { kind: 'malformed'; problems: QuestionnaireProblem[] }
  | { kind: 'ready'; model: FormModel; engine: ExpressionEngine | undefined; draft: IntakeDraft | undefined; instrumentRules: (() => Promise<InstrumentRules>) | undefined };

const identifierSystem = 'urn:ietf:rfc:3986';

function newIdentifier(input: IntakeFormInput): Identifier {
  return { system: identifierSystem, value: `urn:uuid:${input.newIdentifier?.() ?? crypto.randomUUID()}` };
}

function draftId(model: FormModel, subject: Reference | undefined): string {
  return `${model.canonical ?? model.title}::${subject?.reference ?? 'self'}`;
}

function initialAnswers(model: FormModel): Record<string, AnswerValue[]> {
  const answers: Record<string, AnswerValue[]> = {};
  for (const item of model.ordered) {
    const selected = item.options.filter((option) => option.initialSelected).map((option) => option.value);
    const initial = item.initial.length ? item.initial : selected;
    if (initial.length) answers[item.linkId] = item.repeats ? [...initial] : initial.slice(0, 1);
  }
  return answers;
}

/** Recomputes everything that follows from the answers: calculations, enablement, problems. */
function derive(context: IntakeFormContext, given: Answers): Partial<IntakeFormContext> {
  const model = context.model;
  if (!model) return { given };
  const outcome = context.engine?.evaluate(model, given);
  const answers = outcome?.answers ?? given;
  const enableWhenResults = outcome?.enableWhen ?? new Map<string, boolean>();
  const enabled = enabledLinkIds(model, answers, enableWhenResults);
  return { given, answers, enableWhenResults, enabled, answerProblems: validateAnswers(model, answers, enabled) };
}

/** The problems that block moving on: entry problems first (they hide the answer), then the rest. */
export function problemsOf(context: IntakeFormContext, pageOnly: boolean): AnswerProblem[] {
  const onPage = pageOnly ? pageLinkIds(context) : undefined;
  const entryLinkIds = new Set(context.entryProblems.map((problem) => problem.linkId));
  const all = [
    ...context.entryProblems.filter((problem) => context.enabled.has(problem.linkId)),
    ...context.answerProblems.filter((problem) => !entryLinkIds.has(problem.linkId)),
  ];
  const order = new Map(context.model?.ordered.map((item, index) => [item.linkId, index]) ?? []);
  return all
    .filter((problem) => !onPage || onPage.has(problem.linkId))
    .sort((a, b) => (order.get(a.linkId) ?? 0) - (order.get(b.linkId) ?? 0));
}

function pageLinkIds(context: IntakeFormContext): Set<string> {
  const page = context.model?.pages[context.pageIndex];
  const ids = new Set<string>();
  const visit = (items: FormModel['items']) => {
    for (const item of items) {
      ids.add(item.linkId);
      visit(item.children);
    }
  };
  visit(page?.items ?? []);
  return ids;
}

function pageOf(model: FormModel, linkId: string): number {
  let item = model.byLinkId.get(linkId);
  while (item?.parentLinkId) item = model.byLinkId.get(item.parentLinkId);
  const index = model.pages.findIndex((page) => page.items.some((candidate) => candidate.linkId === item?.linkId));
  return Math.max(0, index);
}

export const intakeFormMachine = setup({
  types: {
    context: {} as IntakeFormContext,
    events: {} as IntakeFormEvent,
    input: {} as IntakeFormInput,
  },
  actors: {
    loadForm: fromPromise<Loaded, IntakeFormInput>(async ({ input }) => {
      let source = input.questionnaire;
      if (source === undefined && input.questionnaireUrl) {
        if (!input.records) throw new AttuneError('config/invalid', 'Reading a questionnaire by URL needs a records adapter.');
        const [url, version] = input.questionnaireUrl.split('|');
        const found = await input.records.search<Questionnaire>('Questionnaire', { url, ...(version ? { version } : {}) });
        // Only the questionnaire asked for: a store that ignores the search parameters must not hand the patient another form.
        const match = found.find((candidate) => candidate.url === url && (!version || candidate.version === version));
        if (!match) throw new AttuneError('records/not-found', 'The questionnaire could not be found.');
        source = match;
      }
      if (source === undefined) return { kind: 'malformed', problems: [] };
      const check = validateQuestionnaire(source);
      if (!check.ok) return { kind: 'malformed', problems: check.problems };
      const model = buildFormModel(check.questionnaire);
      // Started now, not at submit: a patient who goes offline mid-form still gets risk flags and crisis resources.
      const neededRules = instrumentRulesLoaderFor(model.canonical, model.byLinkId.keys());
      const fetchRulesChunk = input.fetchRulesChunk;
      const rulesLoader: InstrumentRulesLoader | undefined = neededRules && fetchRulesChunk ? () => fetchRulesChunk(neededRules) : neededRules;
      const instrumentRules = rulesLoader ? preloadInstrumentRules(rulesLoader) : undefined;
      const engine = model.usesExpressions
        ? await (input.loadExpressionEngine ?? (async () => (await import('../questionnaire/expressions.js')).loadExpressionEngine()))()
        : undefined;
      let draft: IntakeDraft | undefined;
      try {
        draft = await input.vault?.get<IntakeDraft>(intakeDraftStore, draftId(model, input.subject));
      } catch {
        // A draft that cannot be unsealed (wiped key, damaged record) is gone; the form starts fresh.
        draft = undefined;
      }
      return { kind: 'ready', model, engine, draft, instrumentRules };
    }),
    assessResponse: fromPromise<{ riskFlags: RiskFlag[]; riskUnchecked: boolean }, { rules: (() => Promise<InstrumentRules>) | undefined; response: QuestionnaireResponse }>(
      async ({ input }) => {
        if (!input.rules) return { riskFlags: [], riskUnchecked: false };
        try {
          return { riskFlags: (await input.rules()).assessRisk(input.response), riskUnchecked: false };
        } catch {
          return { riskFlags: [], riskUnchecked: true };
        }
      },
    ),
    submitResponse: fromPromise<SubmittedIntake, { records: Records | undefined; response: QuestionnaireResponse; rules: (() => Promise<InstrumentRules>) | undefined }>(async ({ input }) => {
      if (!input.records) throw new AttuneError('config/invalid', 'Submitting needs a records adapter.');
      return submitIntake(input.records, input.response, input.rules);
    }),
    queueResponse: fromPromise<void, { vault: Vault | undefined; response: QuestionnaireResponse }>(async ({ input }) => {
      if (!input.vault) throw new AttuneError('vault/locked', 'There is no secure storage to keep the response until you are back online.');
      await queueIntake(input.vault, input.response);
    }),
    flushOutbox: fromPromise<SubmittedIntake[], { vault: Vault | undefined; records: Records | undefined }>(async ({ input }) => {
      if (!input.vault || !input.records) throw new AttuneError('config/invalid', 'Sending queued responses needs records and a vault.');
      return flushIntakeOutbox(input.vault, input.records);
    }),
  },
  guards: {
    hasProblems: ({ context }) => problemsOf(context, false).length > 0,
    pageHasProblems: ({ context }) => problemsOf(context, true).length > 0,
    isOnline: ({ context }) => context.online,
    isUnsupported: ({ context }) => (context.model?.unsupported.length ?? 0) > 0,
    // Initial values alone leave a form empty; a resumed draft holds the patient's own answers.
    resumedDraft: ({ context }) => context.resumed,
    hasNextPage: ({ context }) => context.pageIndex < (context.model?.pages.length ?? 1) - 1,
  },
  actions: {
    applyAnswer: assign(({ context, event }) => {
      if (event.type !== 'ANSWER' || !context.model?.byLinkId.has(event.linkId)) return {};
      if (context.model.byLinkId.get(event.linkId)?.readOnly) return {};
      const { [event.linkId]: _dropped, ...entryText } = context.entryText;
      return {
        ...derive(context, { ...context.given, [event.linkId]: event.answers }),
        entryText,
        entryProblems: context.entryProblems.filter((problem) => problem.linkId !== event.linkId),
      };
    }),
    applyText: assign(({ context, event }) => {
      if (event.type !== 'ENTER_TEXT') return {};
      const item = context.model?.byLinkId.get(event.linkId);
      if (!item || item.readOnly) return {};
      const index = event.index ?? 0;
      const current = [...(context.given[event.linkId] ?? [])];
      const others = context.entryProblems.filter((problem) => problem.linkId !== event.linkId);
      const { [event.linkId]: _dropped, ...entryText } = context.entryText;
      if (event.text.trim() === '') {
        current.splice(index, 1);
        return { ...derive(context, { ...context.given, [event.linkId]: current }), entryText, entryProblems: others };
      }
      const parsed = parseAnswerText(item, event.text);
      if (!parsed.ok) {
        current.splice(index, 1);
        return {
          ...derive(context, { ...context.given, [event.linkId]: current }),
          entryText: { ...entryText, [event.linkId]: event.text },
          entryProblems: [...others, parsed.problem],
        };
      }
      const value = item.type === 'quantity' && parsed.value.valueQuantity && item.unit?.code
        ? { valueQuantity: { ...parsed.value.valueQuantity, code: item.unit.code, unit: item.unit.display ?? item.unit.code, ...(item.unit.system ? { system: item.unit.system } : {}) } }
        : parsed.value;
      current[index] = value;
      return { ...derive(context, { ...context.given, [event.linkId]: current }), entryText, entryProblems: others };
    }),
    // Saves a short while after the last change, so typing a sentence does not seal it letter by letter.
    scheduleAutosave: enqueueActions(({ enqueue }) => {
      enqueue.cancel('autosave');
      enqueue.raise({ type: 'AUTOSAVE' }, { id: 'autosave', delay: 400 });
    }),
    saveDraft: ({ context, self }) => {
      const vault = context.input.vault;
      if (!vault || !context.model) return;
      const savedAt = context.input.now?.() ?? new Date().toISOString();
      const draft: IntakeDraft = { answers: context.given, pageIndex: context.pageIndex, identifier: context.identifier, savedAt };
      vault.put(intakeDraftStore, draftId(context.model, context.input.subject), draft).then(
        () => self.send({ type: 'DRAFT_SAVED', savedAt }),
        // A draft that cannot be saved is not a reason to stop the patient; the submit still works.
        () => undefined,
      );
    },
    deleteDraft: ({ context }) => {
      if (context.input.vault && context.model) {
        context.input.vault.delete(intakeDraftStore, draftId(context.model, context.input.subject)).catch(() => undefined);
      }
    },
    buildResponse: assign(({ context }) => {
      if (!context.model) return { pendingResponse: undefined, pendingRiskFlags: [], riskUnchecked: false };
      const response = buildQuestionnaireResponse(context.model, context.answers, context.enabled, {
        status: 'completed',
        identifier: context.identifier,
        authored: context.input.now?.() ?? new Date().toISOString(),
        ...(context.input.subject ? { subject: context.input.subject } : {}),
        ...(context.input.author ? { author: context.input.author } : {}),
      });
      return { pendingResponse: response, pendingRiskFlags: [], riskUnchecked: false };
    }),
    showProblems: assign({ showProblems: true }),
    // A submit with problems on another page takes the patient to the first of them.
    goToFirstProblem: assign(({ context }) => {
      const first = problemsOf(context, false)[0];
      return first && context.model ? { pageIndex: pageOf(context.model, first.linkId), showProblems: true } : { showProblems: true };
    }),
  },
}).createMachine({
  id: 'intakeForm',
  context: ({ input }) => ({
    input,
    model: undefined,
    engine: undefined,
    instrumentRules: undefined,
    questionnaireProblems: [],
    given: {},
    answers: {},
    enableWhenResults: new Map(),
    enabled: new Set(),
    entryText: {},
    entryProblems: [],
    answerProblems: [],
    showProblems: false,
    pageIndex: 0,
    identifier: newIdentifier(input),
    draftSavedAt: undefined,
    resumed: false,
    online: input.online ?? true,
    pendingResponse: undefined,
    pendingRiskFlags: [],
    riskUnchecked: false,
    submitted: undefined,
    crisisResources: crisisResources(input.crisisResources),
    error: undefined,
  }),
  on: {
    ONLINE: { actions: assign({ online: true }) },
    OFFLINE: { actions: assign({ online: false }) },
    LOAD: {
      target: '.loading',
      actions: assign(({ context, event }) => ({
        input: { ...context.input, questionnaire: event.questionnaire, questionnaireUrl: event.questionnaireUrl },
        model: undefined,
        instrumentRules: undefined,
        given: {},
        answers: {},
        entryText: {},
        entryProblems: [],
        answerProblems: [],
        questionnaireProblems: [],
        showProblems: false,
        pageIndex: 0,
        // A new form is a new response: reusing the identifier would make If-None-Exist return the old one.
        identifier: newIdentifier(context.input),
        resumed: false,
        draftSavedAt: undefined,
        pendingResponse: undefined,
        pendingRiskFlags: [],
        riskUnchecked: false,
        submitted: undefined,
        error: undefined,
      })),
    },
  },
  initial: 'loading',
  states: {
    loading: {
      invoke: {
        src: 'loadForm',
        input: ({ context }) => context.input,
        onDone: [
          {
            guard: ({ event }) => event.output.kind === 'malformed',
            target: 'malformed',
            actions: assign({ questionnaireProblems: ({ event }) => (event.output.kind === 'malformed' ? event.output.problems : []) }),
          },
          {
            target: 'checkingSupport',
            actions: assign(({ context, event }) => {
              if (event.output.kind !== 'ready') return {};
              const { model, engine, draft, instrumentRules } = event.output;
              const base = { ...context, model, engine };
              const given = draft?.answers ?? engine?.initialAnswers(model, initialAnswers(model)) ?? initialAnswers(model);
              return {
                model,
                engine,
                instrumentRules,
                ...derive(base, given),
                pageIndex: Math.min(draft?.pageIndex ?? 0, model.pages.length - 1),
                identifier: draft?.identifier ?? context.identifier,
                draftSavedAt: draft?.savedAt,
                resumed: draft !== undefined,
              };
            }),
          },
        ],
        onError: { target: 'loadFailed', actions: assign({ error: ({ event }) => toAttuneError(event.error, 'records/not-found') }) },
      },
    },
    loadFailed: {
      on: { RETRY: { target: 'loading', actions: assign({ error: undefined }) } },
    },
    malformed: {},
    checkingSupport: {
      always: [{ guard: 'isUnsupported', target: 'unsupported' }, { target: 'form' }],
    },
    unsupported: {
      on: { CONTINUE: 'form' },
    },
    form: {
      initial: 'choosing',
      on: {
        AUTOSAVE: { actions: 'saveDraft' },
        DRAFT_SAVED: { actions: assign({ draftSavedAt: ({ event }) => event.savedAt }) },
        PREVIOUS_PAGE: { actions: assign({ pageIndex: ({ context }) => Math.max(0, context.pageIndex - 1) }) },
      },
      states: {
        choosing: {
          always: [{ guard: 'resumedDraft', target: 'drafting' }, { target: 'empty' }],
        },
        empty: {
          on: {
            ANSWER: { target: 'drafting', actions: ['applyAnswer', 'scheduleAutosave'] },
            ENTER_TEXT: { target: 'drafting', actions: ['applyText', 'scheduleAutosave'] },
            NEXT_PAGE: [
              { guard: 'pageHasProblems', target: 'invalid', actions: 'showProblems' },
              { guard: 'hasNextPage', actions: assign({ pageIndex: ({ context }) => context.pageIndex + 1 }) },
            ],
            SUBMIT: [{ guard: 'hasProblems', target: 'invalid', actions: 'goToFirstProblem' }, { target: '#intakeForm.sending' }],
          },
        },
        drafting: {
          on: {
            ANSWER: { actions: ['applyAnswer', 'scheduleAutosave'] },
            ENTER_TEXT: { actions: ['applyText', 'scheduleAutosave'] },
            NEXT_PAGE: [
              { guard: 'pageHasProblems', target: 'invalid', actions: 'showProblems' },
              { guard: 'hasNextPage', actions: assign({ pageIndex: ({ context }) => context.pageIndex + 1 }) },
            ],
            SUBMIT: [{ guard: 'hasProblems', target: 'invalid', actions: 'goToFirstProblem' }, { target: '#intakeForm.sending' }],
          },
        },
        invalid: {
          // Once every problem on the page is fixed the form is an ordinary draft again.
          always: { guard: not('pageHasProblems'), target: 'drafting' },
          on: {
            ANSWER: { actions: ['applyAnswer', 'scheduleAutosave'] },
            ENTER_TEXT: { actions: ['applyText', 'scheduleAutosave'] },
            NEXT_PAGE: [
              { guard: 'pageHasProblems', actions: 'showProblems' },
              { guard: 'hasNextPage', target: 'drafting', actions: assign({ pageIndex: ({ context }) => context.pageIndex + 1, showProblems: false }) },
            ],
            SUBMIT: [{ guard: 'hasProblems', actions: 'goToFirstProblem' }, { target: '#intakeForm.sending' }],
          },
        },
      },
    },
    sending: {
      entry: 'buildResponse',
      // Risk flags are known before any network: an offline patient sees crisis resources too.
      invoke: {
        src: 'assessResponse',
        input: ({ context }) => ({ rules: context.instrumentRules, response: context.pendingResponse! }),
        onDone: {
          target: 'assessed',
          actions: assign(({ event }) => ({ pendingRiskFlags: event.output.riskFlags, riskUnchecked: event.output.riskUnchecked })),
        },
      },
    },
    // Transient: the risk flags are known; send now, or keep the response for when the patient is back online.
    assessed: {
      always: [{ guard: 'isOnline', target: 'submitting' }, { target: 'offlineQueued' }],
    },
    submitting: {
      invoke: {
        src: 'submitResponse',
        input: ({ context }) => ({ records: context.input.records, response: context.pendingResponse!, rules: context.instrumentRules }),
        onDone: { target: 'submitted', actions: assign({ submitted: ({ event }) => event.output }) },
        onError: [
          { guard: ({ event }) => isOffline(event.error), target: 'offlineQueued', actions: assign({ online: false }) },
          { target: 'submitFailed', actions: assign({ error: ({ event }) => toAttuneError(event.error, 'network/failed') }) },
        ],
      },
    },
    submitFailed: {
      on: {
        RETRY: { target: 'sending', actions: assign({ error: undefined }) },
        ANSWER: { target: 'form.drafting', actions: ['applyAnswer', 'scheduleAutosave', assign({ error: undefined })] },
        ENTER_TEXT: { target: 'form.drafting', actions: ['applyText', 'scheduleAutosave', assign({ error: undefined })] },
      },
    },
    offlineQueued: {
      initial: 'saving',
      states: {
        saving: {
          invoke: {
            src: 'queueResponse',
            input: ({ context }) => ({ vault: context.input.vault, response: context.pendingResponse! }),
            onDone: { target: 'waiting', actions: 'deleteDraft' },
            onError: { target: '#intakeForm.submitFailed', actions: assign({ error: ({ event }) => toAttuneError(event.error, 'vault/locked') }) },
          },
        },
        waiting: {
          always: { guard: 'isOnline', target: 'sending' },
          on: { RETRY: 'sending' },
        },
        sending: {
          invoke: {
            src: 'flushOutbox',
            input: ({ context }) => ({ vault: context.input.vault, records: context.input.records }),
            onDone: [
              {
                guard: ({ context, event }) => event.output.some((sent) => sent.response.identifier?.value === context.identifier.value),
                target: '#intakeForm.submitted',
                actions: assign({
                  submitted: ({ context, event }) => event.output.find((sent) => sent.response.identifier?.value === context.identifier.value),
                }),
              },
              { target: 'waiting', actions: assign({ online: false }) },
            ],
            onError: { target: 'waiting', actions: assign({ online: false }) },
          },
        },
      },
    },
    submitted: {
      entry: 'deleteDraft',
    },
  },
});
