// The two questionnaires the intake benchmark renders: the PHQ-9 as Attune ships it, and a
// 200-item intake in 10 groups of 20 with 20 enableWhen conditions (two per group).

const kinds = ['choice', 'string', 'integer', 'boolean', 'date'];

export function largeQuestionnaire() {
  const item = [];
  for (let g = 0; g < 10; g += 1) {
    const group = { linkId: `g${g}`, type: 'group', text: `Section ${g + 1}`, item: [] };
    for (let i = 0; i < 20; i += 1) {
      const linkId = `g${g}-q${i}`;
      const type = kinds[i % kinds.length];
      const question = { linkId, type, text: `Question ${i + 1} of section ${g + 1}: how often has this been true for you lately?` };
      if (type === 'choice') {
        question.answerOption = ['Never', 'Sometimes', 'Often', 'Always'].map((display, index) => ({
          valueCoding: { system: 'https://fhir.attune.dev/CodeSystem/bench', code: `a${index}`, display },
        }));
      }
      // Two conditions per group: questions 6 and 16 show only when question 5 (a choice) is answered "Often".
      if (i === 6 || i === 16) {
        question.enableWhen = [{ question: `g${g}-q5`, operator: '=', answerCoding: { system: 'https://fhir.attune.dev/CodeSystem/bench', code: 'a2' } }];
      }
      group.item.push(question);
    }
    item.push(group);
  }
  return { resourceType: 'Questionnaire', id: 'bench-200', url: 'https://fhir.attune.dev/Questionnaire/bench-200', status: 'active', title: 'Benchmark intake (200 items)', item };
}
