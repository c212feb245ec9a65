// WTR prints a progress bar, not a count: this reporter writes `{ passed, failed, failures }` to a
// JSON file so `npm test` can add the element tests to its closing line.
import { writeFileSync } from 'node:fs';

function countSuite(suite, path, totals) {
  for (const test of suite.tests) {
    const name = [...path, test.name].join(' › ');
    // A skipped test is a test that proves nothing: the suite counts it as failed.
    if (test.passed && !test.skipped) totals.passed++;
    else {
      totals.failed++;
      totals.failures.push(test.skipped ? `${name} (skipped)` : name);
    }
  }
  for (const child of suite.suites) countSuite(child, [...path, child.name], totals);
}

export function countingReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, failures: [] };
      for (const session of sessions) {
        if (session.testResults) countSuite(session.testResults, [session.testFile], totals);
        // A file that failed to load or threw outside any test counts as one more failure.
        if (session.errors.length > 0) {
          totals.failed++;
          totals.failures.push(`${session.testFile}: ${session.errors[0]?.message ?? 'error outside a test'}`);
        }
      }
      writeFileSync(file, JSON.stringify(totals, null, 2));
    },
  };
}
