import type { Extension } from './types.js';

/** The extension URLs Attune understands; anything else is reported as unsupported, never dropped silently. */
export const ext = {
  minValue: 'http://hl7.org/fhir/StructureDefinition/minValue',
  maxValue: 'http://hl7.org/fhir/StructureDefinition/maxValue',
  regex: 'http://hl7.org/fhir/StructureDefinition/regex',
  entryFormat: 'http://hl7.org/fhir/StructureDefinition/entryFormat',
  itemControl: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
  ordinalValue: 'http://hl7.org/fhir/StructureDefinition/ordinalValue',
  itemWeight: 'http://hl7.org/fhir/StructureDefinition/itemWeight',
  hidden: 'http://hl7.org/fhir/StructureDefinition/questionnaire-hidden',
  unit: 'http://hl7.org/fhir/StructureDefinition/questionnaire-unit',
  sliderStepValue: 'http://hl7.org/fhir/StructureDefinition/questionnaire-sliderStepValue',
  variable: 'http://hl7.org/fhir/StructureDefinition/variable',
  calculatedExpression: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression',
  enableWhenExpression: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression',
  initialExpression: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression',
} as const;

export const knownExtensionUrls: ReadonlySet<string> = new Set(Object.values(ext));

export const supportedItemControls = ['radio-button', 'check-box', 'drop-down', 'slider', 'page'] as const;
export type ItemControl = (typeof supportedItemControls)[number];

export function findExtension(extensions: unknown, url: string): Extension | undefined {
  if (!Array.isArray(extensions)) return undefined;
  return extensions.find((e): e is Extension => isRecord(e) && e['url'] === url);
}

export function findExtensions(extensions: unknown, url: string): Extension[] {
  if (!Array.isArray(extensions)) return [];
  return extensions.filter((e): e is Extension => isRecord(e) && e['url'] === url);
}

/** The first `value[x]` on an extension, whatever its type. */
export function extensionValue(extension: Extension | undefined): unknown {
  if (!extension) return undefined;
  for (const key of Object.keys(extension)) if (key.startsWith('value')) return extension[key];
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
