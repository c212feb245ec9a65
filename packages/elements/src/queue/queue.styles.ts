import { css } from 'lit';
import { buttonStyles, tokenStyles } from '../tokens.styles.js';

export const styles = [
  tokenStyles,
  buttonStyles,
  css`
    [part='base'] {
      display: grid;
      gap: var(--_space-3);
      padding: var(--_space-3);
    }
    [part='header'] {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      justify-content: space-between;
      gap: var(--_space-2);
    }
    [part='heading'] {
      margin: 0;
      font-size: var(--_font-size-large);
    }
    [part='summary'],
    [part='loading'],
    [part='empty'],
    [part='pending'] {
      margin: 0;
      color: var(--_text-muted);
    }
    [part='announcement'] {
      padding: var(--_space-2) var(--_space-3);
      border-radius: var(--_radius);
      border: 2px solid var(--_primary);
      background: var(--_surface-raised);
      font-weight: 600;
    }
    [part='announcement'][data-empty] {
      /* Kept in the tree, so the live region exists before the first arrival is announced. */
      padding: 0;
      border: 0;
    }
    [part='clinician-status'] {
      display: grid;
      gap: var(--_space-2);
      padding: var(--_space-3);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    [part='clinician-status'] h3,
    [part='clinician-status-current'] {
      margin: 0;
    }
    [part='clinician-status-presets'],
    [part='clinician-status-form'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space-2);
    }
    /* The status in force is filled, not ringed: a ring is what keyboard focus looks like. */
    [part='clinician-status-presets'] [aria-pressed='true'] {
      background: var(--_primary);
      border-color: var(--_primary);
      color: var(--_on-primary);
      font-weight: 600;
    }
    [part='clinician-status-text'] {
      flex: 1 1 12rem;
      min-width: 0;
      min-height: 2.75rem;
      font: inherit;
      padding: var(--_space-2);
      border: 1px solid var(--_border);
      border-radius: var(--_radius-small);
      background: var(--_surface);
      color: inherit;
    }
    [part='list'] {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: var(--_space-3);
    }
    [part='entry'] {
      display: grid;
      gap: var(--_space-2);
      padding: var(--_space-3);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    [part='entry'][data-risk] {
      border: 3px solid var(--_risk);
      background: var(--_risk-surface);
    }
    [part='entry-header'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space-2);
    }
    [part='label'] {
      margin: 0;
      font-size: var(--_font-size);
    }
    [part='risk-flags'] {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-1);
    }
    [part='risk-flag'] {
      padding: var(--_space-1) var(--_space-2);
      border-radius: var(--_radius-small);
      border: 2px solid var(--_risk);
      color: var(--_risk);
      background: var(--_surface);
      font-weight: 700;
    }
    [part='details'] {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-2) var(--_space-4);
    }
    [part='details'] dt {
      font-size: var(--_font-size-small);
      color: var(--_text-muted);
    }
    [part='details'] dd {
      margin: 0;
    }
    [part='hold-message'],
    [part='entry-error'],
    [part='stale-notice'] {
      margin: 0;
    }
    [part='entry-error'],
    [part='stale-notice'] {
      color: var(--_danger);
      font-weight: 600;
    }
    [part='actions'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-2);
    }
    [part='hold-form'],
    [part='deny-confirmation'] {
      display: grid;
      gap: var(--_space-2);
    }
    [part='deny-confirmation'] p {
      margin: 0;
    }
    [part='hold-text'] {
      font: inherit;
      padding: var(--_space-2);
      border-radius: var(--_radius-small);
      border: 1px solid var(--_border);
      background: var(--_surface);
      color: var(--_text);
    }
  `,
];
