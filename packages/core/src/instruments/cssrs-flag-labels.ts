/**
 * The C-SSRS flag's level rides in its label (the records store keeps a flag's code and label), so
 * the labels live here, apart from the instrument: the clinician's queue reads the level back
 * without bundling the screener.
 */
export type CssrsFlagLevel = 'low' | 'moderate' | 'high';

export const cssrsFlagLabels: Record<CssrsFlagLevel, string> = {
  low: 'C-SSRS positive screen, low risk: a wish to be dead or thoughts of suicide in the past month',
  moderate: 'C-SSRS positive screen, moderate risk: thoughts of a method in the past month, or suicidal behavior more than 3 months ago',
  high: 'C-SSRS positive screen, high risk: suicidal intent or a plan in the past month, or suicidal behavior in the past 3 months',
};

/** The level of a `cssrs-positive` flag from its label; undefined for a label Attune did not write. */
export function cssrsFlagLevel(label: string): CssrsFlagLevel | undefined {
  return (Object.keys(cssrsFlagLabels) as CssrsFlagLevel[]).find((level) => cssrsFlagLabels[level] === label);
}
