import { css } from 'lit';

/** The dark theme's defaults, used by `theme="dark"` and by `prefers-color-scheme: dark`. */
const darkPalette = css`
  --_surface: var(--attune-color-surface, #12151b);
  --_surface-raised: var(--attune-color-surface-raised, #1d222b);
  --_text: var(--attune-color-text, #eef0f4);
  --_text-muted: var(--attune-color-text-muted, #b4bac6);
  --_border: var(--attune-color-border, #4a5262);
  --_primary: var(--attune-color-primary, #8fb3ff);
  --_on-primary: var(--attune-color-on-primary, #0b1220);
  --_danger: var(--attune-color-danger, #ff9b9b);
  --_on-danger: var(--attune-color-on-danger, #1a0505);
  --_warning: var(--attune-color-warning, #fcd34d);
  --_success: var(--attune-color-success, #86efac);
  --_risk: var(--attune-color-risk, #fda4af);
  --_risk-surface: var(--attune-color-risk-surface, #4c0519);
`;

/**
 * Attune's design tokens. A host page themes every element by setting the public
 * `--attune-*` custom properties (they inherit through shadow roots); the elements read only the
 * private `--_*` copies below, so an unset token falls back to Attune's light or dark default.
 *
 * `theme="dark"` / `theme="light"` on an element forces a theme; otherwise it follows
 * `prefers-color-scheme`. `prefers-reduced-motion` turns every transition and animation off.
 */
export const tokenStyles = css`
  :host {
    --_font: var(--attune-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--attune-font-size, 1rem);
    --_font-size-small: var(--attune-font-size-small, 0.875rem);
    --_font-size-large: var(--attune-font-size-large, 1.25rem);
    --_radius: var(--attune-radius, 0.5rem);
    --_radius-small: var(--attune-radius-small, 0.25rem);
    --_space-1: var(--attune-space-1, 0.25rem);
    --_space-2: var(--attune-space-2, 0.5rem);
    --_space-3: var(--attune-space-3, 1rem);
    --_space-4: var(--attune-space-4, 1.5rem);
    --_space-5: var(--attune-space-5, 2rem);
    --_focus-ring: var(--attune-focus-ring, 0 0 0 3px #2563eb);
    --_motion: var(--attune-motion-duration, 160ms);

    --_surface: var(--attune-color-surface, #ffffff);
    --_surface-raised: var(--attune-color-surface-raised, #f4f5f7);
    --_text: var(--attune-color-text, #1a1d23);
    --_text-muted: var(--attune-color-text-muted, #4b5260);
    --_border: var(--attune-color-border, #c4c9d2);
    --_primary: var(--attune-color-primary, #1d4ed8);
    --_on-primary: var(--attune-color-on-primary, #ffffff);
    --_danger: var(--attune-color-danger, #b91c1c);
    --_on-danger: var(--attune-color-on-danger, #ffffff);
    --_warning: var(--attune-color-warning, #92400e);
    --_success: var(--attune-color-success, #166534);
    --_risk: var(--attune-color-risk, #9f1239);
    --_risk-surface: var(--attune-color-risk-surface, #ffe4e6);

    display: block;
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_text);
    background: var(--_surface);
  }

  :host([hidden]) {
    display: none;
  }

  :host([theme='dark']) {
    ${darkPalette}
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkPalette}
    }
  }

  @media (prefers-reduced-motion: reduce) {
    :host {
      --_motion: 0ms;
    }
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  :focus-visible {
    outline: none;
    box-shadow: var(--_focus-ring);
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** Shared button look, so every element's actions read the same. */
export const buttonStyles = css`
  button {
    font: inherit;
    min-height: 2.75rem;
    padding: var(--_space-2) var(--_space-3);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface-raised);
    color: var(--_text);
    cursor: pointer;
    transition: background var(--_motion);
  }
  button[data-variant='primary'] {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }
  button[data-variant='danger'] {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_on-danger);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
`;

/** The heading a screen moves focus to (device check, waiting room, call), the same in each. */
export const screenHeadingStyles = css`
  [part='heading'] {
    margin: 0;
    font-size: var(--_font-size-large);
  }
  /* Focus lands on the heading only so screen readers start on the new screen; it is not a control. */
  [part='heading']:focus,
  [part='heading']:focus-visible {
    outline: none;
    box-shadow: none;
  }
`;
