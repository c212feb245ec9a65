// The physical floor: the same Questionnaire drawn as plain HTML by one innerHTML assignment, and its
// QuestionnaireResponse read back from the form's controls. No framework, no validation, no state:
// what any renderer must at least pay to put these questions on a page.

const escapeMap = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (char) => escapeMap[char]);
const inputTypes = { string: 'text', integer: 'number', decimal: 'number', date: 'date', dateTime: 'datetime-local', time: 'time', url: 'url' };

const controlOf = (item) =>
  item.extension?.find((extension) => extension.url.endsWith('questionnaire-itemControl'))?.valueCodeableConcept?.coding?.[0]?.code;

/** An unanswered form: only enableWhen 'exists false' holds, as in FHIR R4. */
const enabledAtStart = (item) =>
  !item.enableWhen ||
  (item.enableBehavior === 'any' ? item.enableWhen.some : item.enableWhen.every).call(item.enableWhen, (condition) => condition.operator === 'exists' && condition.answerBoolean === false);

function itemHtml(item) {
  if (!enabledAtStart(item)) return '';
  const id = `f-${escape(item.linkId)}`;
  const label = escape([item.prefix, item.text].filter(Boolean).join(' '));
  const required = item.required ? ' required' : '';
  switch (item.type) {
    case 'group':
      return `<fieldset id="${id}"><legend>${label}</legend>${(item.item ?? []).map(itemHtml).join('')}</fieldset>`;
    case 'display':
      return `<p id="${id}">${label}</p>`;
    case 'boolean':
      return `<fieldset id="${id}" data-link-id="${escape(item.linkId)}" data-type="boolean"><legend>${label}</legend>` +
        `<label><input type="radio" name="${id}" value="true"${required}> Yes</label><label><input type="radio" name="${id}" value="false"> No</label></fieldset>`;
    case 'choice': {
      const options = item.answerOption ?? [];
      if (controlOf(item) === 'drop-down') {
        return `<div><label for="${id}">${label}</label><select id="${id}" data-link-id="${escape(item.linkId)}" data-type="choice"${required}><option value=""></option>` +
          options.map((option, index) => `<option value="${index}">${escape(option.valueCoding?.display ?? option.valueCoding?.code)}</option>`).join('') + '</select></div>';
      }
      return `<fieldset id="${id}" data-link-id="${escape(item.linkId)}" data-type="choice"><legend>${label}</legend>` +
        options.map((option, index) => `<label><input type="radio" name="${id}" value="${index}"${required}> ${escape(option.valueCoding?.display ?? option.valueCoding?.code)}</label>`).join('') + '</fieldset>';
    }
    case 'text':
      return `<div><label for="${id}">${label}</label><textarea id="${id}" data-link-id="${escape(item.linkId)}" data-type="text"${required}></textarea></div>`;
    default: {
      const step = item.type === 'decimal' ? ' step="any"' : '';
      const maxLength = item.maxLength ? ` maxlength="${item.maxLength}"` : '';
      return `<div><label for="${id}">${label}</label><input id="${id}" type="${inputTypes[item.type] ?? 'text'}"${step}${maxLength} data-link-id="${escape(item.linkId)}" data-type="${item.type}"${required}></div>`;
    }
  }
}

export function renderFloor(container, questionnaire) {
  container.innerHTML = `<form><h2>${escape(questionnaire.title)}</h2>${questionnaire.item.map(itemHtml).join('')}<button type="submit">Submit</button></form>`;
  return container.firstElementChild;
}

function answerOf(control, item) {
  const type = control.dataset.type;
  if (type === 'boolean' || (type === 'choice' && control.tagName === 'FIELDSET')) {
    const checked = control.querySelector('input:checked');
    if (!checked) return undefined;
    return type === 'boolean' ? { valueBoolean: checked.value === 'true' } : { valueCoding: item.answerOption[Number(checked.value)].valueCoding };
  }
  const value = control.value;
  if (value === '') return undefined;
  switch (type) {
    case 'choice':
      return { valueCoding: item.answerOption[Number(value)].valueCoding };
    case 'integer':
      return { valueInteger: Number.parseInt(value, 10) };
    case 'decimal':
      return { valueDecimal: Number(value) };
    case 'date':
      return { valueDate: value };
    default:
      return { valueString: value };
  }
}

/** The QuestionnaireResponse of what the form holds, nested by the questionnaire's groups. */
export function floorResponse(form, questionnaire) {
  const controls = new Map([...form.querySelectorAll('[data-link-id]')].map((control) => [control.dataset.linkId, control]));
  const itemsOf = (items) =>
    items.flatMap((item) => {
      if (item.type === 'group') {
        const children = itemsOf(item.item ?? []);
        return children.length ? [{ linkId: item.linkId, text: item.text, item: children }] : [];
      }
      const control = controls.get(item.linkId);
      const answer = control && answerOf(control, item);
      return answer ? [{ linkId: item.linkId, text: item.text, answer: [answer] }] : [];
    });
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: questionnaire.url,
    status: 'completed',
    authored: new Date().toISOString(),
    item: itemsOf(questionnaire.item),
  };
}
