import { css } from 'lit';
import { tokenStyles } from '../tokens.styles.js';

export const styles = [
  tokenStyles,
  css`
    [part='base'] {
      display: grid;
      gap: var(--_space-3);
    }
  `,
];
