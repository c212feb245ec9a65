import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Questionnaire, QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItem } from '../questionnaire/types.js';
import * as everyInstrument from './index.js';
import { instruments, phq9, phq9ItemNine, telehealthConsent, sampleIntake } from './index.js';
import { assessRisk } from './safety.js';
import { answerScore, scoreResponse } from './scoring.js';
import fc from 'fast-check';
import { instrumentRuleLoaders, instrumentRulesLoaderFor, instrumentRulesLoaderForResponse, preloadInstrumentRules, riskCheckedInAnyQuestionnaire } from './instrument-rules.js';

describe('loading the instrument rules on demand', () => {
  it('has one entry for every scored instrument, and none for a questionnaire that is not one', () => {
    const urls = instruments.map((instrument) => instrument.questionnaire.url!);
    assert.deepEqual(Object.keys(instrumentRuleLoaders).sort(), [...urls].sort());
  });

  it('needs no rules for a form that is not an instrument and asks no PHQ-9 item 9', () => {
    for (const questionnaire of [telehealthConsent, sampleIntake]) {
      assert.equal(instrumentRulesLoaderFor(questionnaire.url, (questionnaire.item ?? []).map((item) => item.linkId)), undefined, questionnaire.url);
    }
    assert.equal(instrumentRulesLoaderFor('http://example.org/Questionnaire/two', ['a', 'b']), undefined);
  });

  it('finds the rules by canonical URL with or without a version', () => {
    assert.ok(instrumentRulesLoaderFor(phq9.url, []));
    assert.ok(instrumentRulesLoaderFor(`${phq9.url}|${phq9.version}`, []));
  });

  it('loads the PHQ-9 item 9 rule for an EHR’s own copy of the PHQ-9 under another URL', async () => {
    assert.ok(riskCheckedInAnyQuestionnaire.includes(phq9ItemNine));
    const response: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: 'http://ehr.example/Questionnaire/phq9-local',
      item: [{ linkId: phq9ItemNine, answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6570-1' } }] }],
    };
    const load = instrumentRulesLoaderForResponse(response);
    assert.ok(load, 'a response answering PHQ-9 item 9 needs the rules');
    const rules = await load();
    assert.deepEqual(rules.assessRisk(response).map((flag) => flag.code), ['phq9-item9']);
  });

  it('starts loading at once, keeps what it loaded, and tries again after a failed load', async () => {
    let calls = 0;
    let failNext = true;
    const load = async () => {
      calls++;
      if (failNext) throw new Error('offline');
      return import('./phq9-rules.js').then((chunk) => chunk.rules);
    };
    const rules = preloadInstrumentRules(load);
    assert.equal(calls, 1, 'the load starts before anyone asks');
    await assert.rejects(rules(), (error: Error & { code?: string }) => error.code === 'network/offline');
    failNext = false;
    const loaded = await rules();
    assert.equal(typeof loaded.assessRisk, 'function');
    await rules();
    assert.equal(calls, 2, 'a loaded module is kept');
  });

  it('loads the rules for every copy of an instrument whose risk rule holds in any questionnaire', async () => {
    const questionnaires = Object.values(everyInstrument).filter((value): value is Questionnaire => (value as Questionnaire | undefined)?.resourceType === 'Questionnaire');
    for (const original of questionnaires) {
      for (const prefix of ['', '/']) {
        // Another URL, every answer at its riskiest: if the safety rules flag this copy, the form must have loaded them.
        const copy = { ...original, url: `http://ehr.example/Questionnaire/copy-of-${original.id ?? 'form'}`, item: renamed(original.item ?? [], prefix) };
        const response: QuestionnaireResponse = { resourceType: 'QuestionnaireResponse', status: 'completed', questionnaire: copy.url, item: riskiest(copy.item) };
        const linkIds = linkIdsOf(copy.item);
        if (assessRisk(response).length === 0) continue;
        assert.ok(instrumentRulesLoaderFor(copy.url, linkIds), `a copy of ${original.url} (linkIds prefixed "${prefix}") raises a flag, so its rules must load for it`);
        assert.ok(instrumentRulesLoaderForResponse(response), `a response to a copy of ${original.url} raises a flag, so its rules must load for it`);
      }
    }
  });
});

describe('an instrument’s own rules chunk', () => {
  it('scores PHQ-9 item 9 by its LOINC answer codes exactly as Attune’s PHQ-9 does (the rule for any questionnaire reads the codes)', () => {
    const itemNine = phq9.item!.find((item) => item.linkId === phq9ItemNine)!;
    const loincScores: Record<string, number> = { 'LA6568-5': 0, 'LA6569-3': 1, 'LA6570-1': 2, 'LA6571-9': 3 };
    assert.equal(itemNine.answerOption!.length, 4);
    for (const option of itemNine.answerOption!) assert.equal(answerScore(phq9, phq9ItemNine, option), loincScores[option.valueCoding!.code!]);
  });

  it('raises the same flags and the same score as every instrument’s rules together, for any answers to its form or a copy', async () => {
    const questionnaires = Object.values(everyInstrument).filter((value): value is Questionnaire => (value as Questionnaire | undefined)?.resourceType === 'Questionnaire');
    const raisedAt = '2026-11-23T10:00:00Z';
    for (const original of questionnaires) {
      for (const [url, prefix] of [[original.url!, ''], [`http://ehr.example/Questionnaire/copy-of-${original.id ?? 'form'}`, ''], ['http://ehr.example/Questionnaire/lhc-copy', '/']] as const) {
        const items = renamed(original.item ?? [], prefix);
        const load = instrumentRulesLoaderFor(url, linkIdsOf(items));
        const rules = load ? await load() : undefined;
        await fc.assert(
          fc.asyncProperty(fc.array(fc.nat(), { minLength: 64, maxLength: 64 }), async (picks) => {
            const response: QuestionnaireResponse = { resourceType: 'QuestionnaireResponse', status: 'completed', questionnaire: url, item: answered(items, picks) };
            assert.deepEqual(rules?.assessRisk(response, raisedAt) ?? [], assessRisk(response, raisedAt), `${url}: the flags`);
            assert.deepEqual(rules?.scoreResponse(response), scoreResponse(response), `${url}: the score`);
          }),
          { numRuns: 60 },
        );
      }
    }
  });
});

/** Each choice answered with the option `picks` names (or left unanswered), in item order. */
function answered(items: QuestionnaireItem[], picks: number[], next = { index: 0 }): QuestionnaireResponseItem[] {
  return items.map((item) => {
    const options = item.answerOption ?? [];
    const pick = picks[next.index++ % picks.length]! % (options.length + 1);
    const chosen = options[pick];
    return {
      linkId: item.linkId,
      ...(chosen?.valueCoding ? { answer: [{ valueCoding: chosen.valueCoding }] } : {}),
      ...(item.item ? { item: answered(item.item, picks, next) } : {}),
    };
  });
}

function renamed(items: QuestionnaireItem[], prefix: string): QuestionnaireItem[] {
  return items.map((item) => ({ ...item, linkId: `${prefix}${item.linkId}`, ...(item.item ? { item: renamed(item.item, prefix) } : {}) }));
}

function linkIdsOf(items: QuestionnaireItem[]): string[] {
  return items.flatMap((item) => [item.linkId, ...linkIdsOf(item.item ?? [])]);
}

/** Every choice answered with its highest-scored option (or its last, where none is scored). */
function riskiest(items: QuestionnaireItem[]): QuestionnaireResponseItem[] {
  return items.map((item) => {
    const options = item.answerOption ?? [];
    const score = (option: (typeof options)[number]) => option.extension?.find((e) => e.url.endsWith('ordinalValue'))?.valueDecimal ?? -1;
    const top = [...options].sort((a, b) => score(b) - score(a))[0];
    const chosen = options.some((option) => score(option) >= 0) ? top : options.at(-1);
    return {
      linkId: item.linkId,
      ...(chosen?.valueCoding ? { answer: [{ valueCoding: chosen.valueCoding }] } : {}),
      ...(item.item ? { item: riskiest(item.item) } : {}),
    };
  });
}
