// LHC-Forms' page: its web component scripts are already loaded by the HTML; the questionnaire is
// converted and rendered by LForms.Util.addFormToPage, timed to the first frame after it resolves.
const name = new URLSearchParams(location.search).get('form') ?? 'phq9';
const questionnaire = await (await fetch(`./${name}.json`)).json();
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

const start = performance.now();
await window.LForms.Util.addFormToPage(questionnaire, 'form-container', { fhirVersion: 'R4' });
await nextFrame();
const renderMs = performance.now() - start;

const container = document.getElementById('form-container');
const exportStart = performance.now();
const response = JSON.stringify(window.LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', container));
const exportMs = performance.now() - exportStart;

const questions = container.querySelectorAll('lhc-item-question, .lhc-form-item-question, lhc-item').length;
window.benchResult = { renderMs, exportMs, questions, responseBytes: response.length };
