// The 200-item intake questionnaire of issue #4's benchmark: 10 groups × 20 questions of mixed types,
// 20 of them shown only under an enableWhen. Built from a fixed seed so every run measures the same form.

const types = ['string', 'integer', 'decimal', 'boolean', 'date', 'choice', 'text'];
const radioButton = { system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'radio-button' };
const dropDown = { system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'drop-down' };
const answerSystem = 'https://fhir.attune.dev/CodeSystem/bench-answers';

/** mulberry32: a small seeded generator, so the questionnaire is the same on every machine. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(list, random) {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function itemControl(coding) {
  return [{ url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl', valueCodeableConcept: { coding: [coding] } }];
}

/** The condition a dependent question is shown under, given the question it depends on. */
function conditionOn(question) {
  switch (question.type) {
    case 'boolean':
      return { question: question.linkId, operator: '=', answerBoolean: true };
    case 'choice':
      return { question: question.linkId, operator: '=', answerCoding: { system: answerSystem, code: question.answerOption[0].valueCoding.code } };
    case 'integer':
      return { question: question.linkId, operator: '>', answerInteger: 5 };
    case 'decimal':
      return { question: question.linkId, operator: '<=', answerDecimal: 10 };
    default:
      return { question: question.linkId, operator: 'exists', answerBoolean: true };
  }
}

export function questionnaire200({ seed = 20240604 } = {}) {
  const random = seeded(seed);
  const groups = [];
  for (let g = 1; g <= 10; g++) {
    // Every type at least twice per group, the rest drawn at random.
    const groupTypes = shuffled([...types, ...types, ...Array.from({ length: 6 }, () => types[Math.floor(random() * types.length)])], random);
    const items = groupTypes.map((type, index) => {
      const linkId = `g${g}.q${index + 1}`;
      const item = { linkId, text: `Section ${g}, question ${index + 1}: ${questionText(type, random)}`, type };
      if (type === 'choice') {
        const count = 3 + Math.floor(random() * 4);
        item.answerOption = Array.from({ length: count }, (_, o) => ({
          valueCoding: { system: answerSystem, code: `g${g}q${index + 1}a${o + 1}`, display: `Answer ${o + 1}` },
        }));
        item.extension = itemControl(random() < 0.5 ? radioButton : dropDown);
      }
      if (type === 'string' && random() < 0.5) item.maxLength = 200;
      return item;
    });
    // Two questions per group are shown only under a condition on an earlier, unconditional question.
    const dependents = shuffled(items.slice(4, 19).map((_, i) => i + 4), random).slice(0, 2).sort((a, b) => a - b);
    for (const dependent of dependents) {
      const candidates = items.slice(0, 4).filter((candidate) => !candidate.enableWhen);
      const question = candidates[Math.floor(random() * candidates.length)];
      items[dependent].enableWhen = [conditionOn(question)];
    }
    // A few unconditional questions are required, so validation has work to do at submit.
    for (const item of items) if (!item.enableWhen && random() < 0.1) item.required = true;
    groups.push({ linkId: `g${g}`, type: 'group', text: `Section ${g}`, item: items });
  }
  return {
    resourceType: 'Questionnaire',
    id: 'bench-intake-200',
    url: 'https://fhir.attune.dev/Questionnaire/bench-intake-200',
    version: '1.0.0',
    name: 'BenchIntake200',
    title: 'Benchmark intake (200 questions)',
    status: 'draft',
    subjectType: ['Patient'],
    item: groups,
  };
}

const topics = {
  string: ['Your preferred name', 'Pharmacy name', 'Emergency contact', 'Referring clinician', 'Primary language'],
  integer: ['Hours of sleep on a typical night', 'Cups of coffee a day', 'Number of people at home', 'Days of exercise a week'],
  decimal: ['Weight in kilograms', 'Height in metres', 'Average drinks per week', 'Hours of screen time a day'],
  boolean: ['Have you seen a therapist before?', 'Do you take any medication?', 'Do you feel safe at home?', 'Are you currently working?'],
  date: ['Date of your last physical exam', 'When did these concerns start?', 'Date of your last hospital stay'],
  choice: ['How would you rate your sleep?', 'How often do you feel anxious?', 'How is your appetite?', 'How would you describe your mood?'],
  text: ['Describe what brings you here', 'Anything else we should know?', 'Describe your support network'],
};

function questionText(type, random) {
  const list = topics[type];
  return list[Math.floor(random() * list.length)];
}
