import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clinicianStatusFrom, isLateMinutes } from './clinician-status.js';

describe("the clinician's status as the backend carries it", () => {
  it('allows whole minutes from 1 to 120 only', () => {
    for (const minutes of [1, 5, 120]) assert.equal(isLateMinutes(minutes), true, String(minutes));
    for (const minutes of [0, -5, 121, 7.5, Number.NaN, Number.POSITIVE_INFINITY, '10', null, undefined]) {
      assert.equal(isLateMinutes(minutes), false, String(minutes));
    }
  });

  it('reads minutes, else words, else nothing', () => {
    assert.deepEqual(clinicianStatusFrom(null, 10), { lateMinutes: 10 });
    assert.deepEqual(clinicianStatusFrom('With another patient', null), { message: 'With another patient' });
    assert.deepEqual(clinicianStatusFrom('With another patient', undefined), { message: 'With another patient' });
    assert.deepEqual(clinicianStatusFrom('Words', 15), { lateMinutes: 15 }, 'a backend should never send both; minutes win');
    assert.equal(clinicianStatusFrom(null, null), null);
    assert.equal(clinicianStatusFrom('   ', null), null);
    assert.equal(clinicianStatusFrom(42, 0), null);
    assert.deepEqual(clinicianStatusFrom('Words', 500), { message: 'Words' }, 'minutes out of range are not read');
  });
});
