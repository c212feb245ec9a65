import { css } from 'lit';
import { buttonStyles, tokenStyles } from '../tokens.styles.js';

export const styles = [
  tokenStyles,
  buttonStyles,
  css`
    [part='base'] {
      display: grid;
      gap: var(--_space-4);
      max-width: 48rem;
    }
    h2,
    h3 {
      margin: 0;
      line-height: 1.3;
    }
    h2 {
      font-size: var(--_font-size-large);
    }
    [part='progress'] {
      display: grid;
      gap: var(--_space-1);
      color: var(--_text-muted);
      font-size: var(--_font-size-small);
    }
    progress {
      width: 100%;
      height: 0.5rem;
      accent-color: var(--_primary);
    }
    [part='items'] {
      display: grid;
      gap: var(--_space-4);
    }
    fieldset {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: var(--_space-3);
      margin: 0;
      display: grid;
      gap: var(--_space-2);
      min-width: 0;
    }
    fieldset[data-kind='group'] {
      gap: var(--_space-4);
    }
    legend,
    label.question {
      font-weight: 600;
    }
    /* Room around a legend where it cuts its fieldset's border; a question's label lines up with its field. */
    legend {
      padding: 0 var(--_space-1);
    }
    /* A text between questions is spaced by the form's grid, like the questions around it. */
    [part='display'] {
      margin: 0;
    }
    [part='field'] {
      display: grid;
      gap: var(--_space-2);
    }
    .choice {
      display: flex;
      align-items: center;
      gap: var(--_space-2);
      min-height: 2.75rem;
    }
    input[type='radio'],
    input[type='checkbox'] {
      width: 1.25rem;
      height: 1.25rem;
      accent-color: var(--_primary);
    }
    input:not([type='radio']):not([type='checkbox']):not([type='range']),
    select,
    textarea {
      font: inherit;
      color: var(--_text);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius-small);
      padding: var(--_space-2);
      min-height: 2.75rem;
      width: 100%;
      max-width: 32rem;
    }
    textarea {
      min-height: 6rem;
    }
    [aria-invalid='true'] {
      border-color: var(--_danger) !important;
      outline: 1px solid var(--_danger);
    }
    [part='problem'] {
      color: var(--_danger);
      margin: 0;
      font-size: var(--_font-size-small);
    }
    [part='unit'],
    [part='hint'] {
      color: var(--_text-muted);
      font-size: var(--_font-size-small);
    }
    [part='error-summary'],
    [part='notice'],
    [part='status'] {
      border: 1px solid var(--_border);
      border-left-width: 0.375rem;
      border-radius: var(--_radius);
      padding: var(--_space-3);
      background: var(--_surface-raised);
    }
    /* The box's padding is its only inner space: its first and last paragraphs bring no margins of their own. */
    [part='error-summary'] > :first-child,
    [part='notice'] > :first-child,
    [part='status'] > :first-child {
      margin-top: 0;
    }
    [part='error-summary'] > :last-child,
    [part='notice'] > :last-child,
    [part='status'] > :last-child {
      margin-bottom: 0;
    }
    [part='error-summary'] {
      border-color: var(--_danger);
    }
    [part='error-summary'] ul,
    [part='notice'] ul {
      margin: var(--_space-2) 0 0;
      padding-left: var(--_space-4);
    }
    /* A link in a list: left-aligned wrapped lines, and the bullet on its first line, not its last. */
    .link-button {
      min-height: auto;
      padding: 0;
      text-align: start;
      vertical-align: top;
      border: none;
      background: none;
      color: var(--_primary);
      text-decoration: underline;
    }
    [part='crisis'] {
      border: 2px solid var(--_risk);
      background: var(--_risk-surface);
      border-radius: var(--_radius);
      padding: var(--_space-3);
      display: grid;
      gap: var(--_space-2);
    }
    /* The grid's gap spaces the heading, the lead and the list; their own margins would double it. */
    [part='crisis'] > * {
      margin: 0;
    }
    [part='crisis'] ul {
      display: grid;
      gap: var(--_space-2);
      padding-inline-start: var(--_space-4);
    }
    [part='crisis'] a {
      color: var(--_risk);
      font-weight: 700;
    }
    [part='actions'] {
      display: flex;
      gap: var(--_space-2);
      flex-wrap: wrap;
    }
    [part='copyright'],
    [part='autosave'] {
      color: var(--_text-muted);
      font-size: var(--_font-size-small);
      margin: 0;
    }
    code {
      font-size: var(--_font-size-small);
    }
  `,
];
