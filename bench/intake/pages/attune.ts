// Attune's page: the intake form element fed the questionnaire, timed from the render call to the
// first frame after the element has drawn every item.
import { buildQuestionnaireResponse, intakeFormMachine } from '@attune/core';
import '@attune/elements/intake-form.js';
import { createActor, waitFor } from 'xstate';

const name = new URLSearchParams(location.search).get('form') ?? 'phq9';
const questionnaire = await (await fetch(`./${name}.json`)).json();
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

const start = performance.now();
const actor = createActor(intakeFormMachine, { input: { questionnaire, online: true } }).start();
await waitFor(actor, (snapshot) => snapshot.matches('form'));
const form = document.createElement('attune-intake-form');
form.actor = actor;
document.querySelector('main')!.append(form);
await form.updateComplete;
await nextFrame();
const renderMs = performance.now() - start;

const exportStart = performance.now();
const { model, answers, enabled } = actor.getSnapshot().context;
const response = JSON.stringify(buildQuestionnaireResponse(model!, answers, enabled, { status: 'in-progress' }));
const exportMs = performance.now() - exportStart;

const questions = form.shadowRoot!.querySelectorAll('[part="field"]').length;
(window as unknown as { benchResult: unknown }).benchResult = { renderMs, exportMs, questions, responseBytes: response.length };
