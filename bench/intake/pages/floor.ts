// The physical floor: the same questions as plain HTML, built into a string and set by one
// innerHTML assignment, with no framework, validation, state or accessibility work beyond labels.
export {};

type Item = { linkId: string; type: string; text?: string; item?: Item[]; answerOption?: Array<{ valueCoding?: { code?: string; display?: string } }> };

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function html(items: Item[]): string {
  return items
    .map((item) => {
      const id = escape(item.linkId);
      const label = escape(item.text ?? '');
      if (item.type === 'group') return `<fieldset><legend>${label}</legend>${html(item.item ?? [])}</fieldset>`;
      if (item.type === 'display') return `<p>${label}</p>`;
      if (item.type === 'choice') {
        const options = (item.answerOption ?? [])
          .map((option, index) => `<label><input type="radio" name="${id}" value="${index}">${escape(option.valueCoding?.display ?? '')}</label>`)
          .join('');
        return `<fieldset class="field" data-link-id="${id}"><legend>${label}</legend>${options}</fieldset>`;
      }
      const type = item.type === 'integer' ? 'number' : item.type === 'date' ? 'date' : item.type === 'boolean' ? 'checkbox' : 'text';
      return `<div class="field" data-link-id="${id}"><label for="${id}">${label}</label><input id="${id}" name="${id}" type="${type}"></div>`;
    })
    .join('');
}

const name = new URLSearchParams(location.search).get('form') ?? 'phq9';
const questionnaire = await (await fetch(`./${name}.json`)).json();
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

const start = performance.now();
const main = document.querySelector('main')!;
main.innerHTML = `<form>${html(questionnaire.item)}</form>`;
await nextFrame();
const renderMs = performance.now() - start;

const exportStart = performance.now();
const item = [...main.querySelectorAll<HTMLElement>('.field')].flatMap((field) => {
  const linkId = field.dataset['linkId']!;
  const checked = field.querySelector<HTMLInputElement>('input:checked');
  const input = field.querySelector<HTMLInputElement>('input:not([type="radio"])');
  const value = checked?.value ?? input?.value;
  return value ? [{ linkId, answer: [{ valueString: value }] }] : [];
});
const response = JSON.stringify({ resourceType: 'QuestionnaireResponse', status: 'in-progress', item });
const exportMs = performance.now() - exportStart;

const questions = main.querySelectorAll('.field').length;
(window as unknown as { benchResult: unknown }).benchResult = { renderMs, exportMs, questions, responseBytes: response.length };
