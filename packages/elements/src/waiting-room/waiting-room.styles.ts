import { css } from 'lit';
import { buttonStyles, screenHeadingStyles, tokenStyles } from '../tokens.styles.js';

export const styles = [
  tokenStyles,
  buttonStyles,
  screenHeadingStyles,
  css`
    [part='base'] {
      display: grid;
      gap: var(--_space-3);
      padding: var(--_space-4);
      max-width: 40rem;
    }
    [part='text'],
    [part='wait-details'] {
      margin: 0;
      color: var(--_text-muted);
    }
    [part='wait-details'] {
      display: grid;
      gap: var(--_space-1);
      padding: 0;
      list-style: none;
    }
    [part='hold-messages'] ul {
      display: grid;
      gap: var(--_space-2);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    [part='hold-message'] {
      padding: var(--_space-2) var(--_space-3);
      border-radius: var(--_radius);
      background: var(--_surface-raised);
      border-inline-start: 4px solid var(--_primary);
    }
    [part='banner'] {
      padding: var(--_space-2) var(--_space-3);
      border-radius: var(--_radius);
      border: 1px solid var(--_border);
      background: var(--_surface-raised);
    }
    [part='banner'][data-kind='warning'] {
      border-color: var(--_warning);
      color: var(--_warning);
    }
    [part='banner']:empty {
      display: none;
    }
    [part='actions'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-2);
    }
    [part='inactivity-warning'] {
      display: grid;
      gap: var(--_space-2);
      padding: var(--_space-3);
      border: 2px solid var(--_warning);
      border-radius: var(--_radius);
    }
  `,
];
