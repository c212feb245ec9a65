import { css } from 'lit';
import { buttonStyles, screenHeadingStyles, tokenStyles } from '../tokens.styles.js';

export const styles = [
  tokenStyles,
  buttonStyles,
  screenHeadingStyles,
  css`
    :host {
      /* Embedded in other pages: the element's own width, not the window's, picks the layout. */
      container: device-check / inline-size;
    }
    [part='base'] {
      display: grid;
      gap: var(--_space-3);
      padding: var(--_space-4);
      max-width: 40rem;
    }
    /* Preview and settings side by side on a laptop, so Continue is in view without scrolling. */
    [part='base'][data-state='ready'] {
      max-width: 64rem;
    }
    [part='setup'],
    [part='settings'] {
      display: grid;
      gap: var(--_space-3);
      align-content: start;
    }
    @container device-check (width >= 48rem) {
      [part='setup'] {
        grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr);
        align-items: start;
      }
    }
    [part='text'],
    [part='hint'] {
      margin: 0;
      color: var(--_text-muted);
    }
    [part='steps'] {
      margin: 0;
      padding-inline-start: var(--_space-4);
      display: grid;
      gap: var(--_space-2);
    }
    [part='preview-frame'] {
      aspect-ratio: 16 / 9;
      border-radius: var(--_radius);
      background: var(--_surface-raised);
      border: 1px solid var(--_border);
      overflow: hidden;
      display: grid;
      place-items: center;
    }
    [part='preview'] {
      width: 100%;
      height: 100%;
      object-fit: cover;
      /* A mirror is what people expect of their own image. */
      transform: scaleX(-1);
    }
    [part='preview-placeholder'] {
      margin: 0;
      color: var(--_text-muted);
    }
    [part='field'] {
      display: grid;
      gap: var(--_space-1);
    }
    [part='select'] {
      font: inherit;
      min-height: 2.75rem;
      padding: var(--_space-2);
      border-radius: var(--_radius-small);
      border: 1px solid var(--_border);
      background: var(--_surface);
      color: var(--_text);
    }
    [part='level-meter'] {
      width: 100%;
      height: 1rem;
      accent-color: var(--_primary);
    }
    [part='actions'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-2);
    }
    [part='connection-result']:empty {
      display: none;
    }
    [part='connection-result'] {
      margin: 0;
    }
  `,
];
