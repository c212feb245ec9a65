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
      padding: var(--_space-3);
      /* The call is embedded in other pages: its own width, not the window's, picks the presenting layout. */
      container: call / inline-size;
    }
    [part='header'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--_space-2);
    }
    [part='status-row'] {
      display: flex;
      gap: var(--_space-3);
      align-items: center;
      font-size: var(--_font-size-small);
      color: var(--_text-muted);
    }
    [part='quality'] {
      display: inline-flex;
      align-items: flex-end;
      gap: 2px;
      height: 1rem;
    }
    [part='quality'] span {
      width: 4px;
      background: var(--_border);
      border-radius: 1px;
    }
    [part='quality'] span:nth-child(1) {
      height: 33%;
    }
    [part='quality'] span:nth-child(2) {
      height: 66%;
    }
    [part='quality'] span:nth-child(3) {
      height: 100%;
    }
    [part='quality'] span[data-lit] {
      background: var(--_success);
    }
    [part='quality'][data-bars='1'] span[data-lit] {
      background: var(--_warning);
    }
    [part='stage'] {
      position: relative;
      display: grid;
      gap: var(--_space-2);
      min-height: 12rem;
    }
    [part='stage'][data-layout='grid'] {
      grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    }
    [part~='tile'] {
      position: relative;
      margin: 0;
      aspect-ratio: 16 / 9;
      background: var(--_surface-raised);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      overflow: hidden;
      display: grid;
      place-items: center;
    }
    [part~='tile'][data-speaking] {
      border-color: var(--_primary);
      box-shadow: 0 0 0 2px var(--_primary);
    }
    [part~='self-view'] {
      max-width: 14rem;
      justify-self: end;
    }
    /* Outside the presenting layout the tiles sit straight in the stage's grid. */
    [part='people'] {
      display: contents;
    }
    video {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }

    /*
     * Presenting: the shared screen large and whole, the cameras beside it (wide) or under it
     * (narrow), all in view. Livekit's adaptive stream pauses video scrolled out of view, so a
     * camera below the fold would freeze the other person's face while they present.
     */
    [part='stage'][data-presenting] {
      grid-template-columns: minmax(0, 1fr) clamp(9rem, 22%, 16rem);
      grid-template-rows: auto minmax(0, 1fr);
      grid-template-areas: 'screen note' 'screen people';
      align-items: start;
      /* No gap above the cameras when there is no note: they line up with the screen's top. */
      row-gap: 0;
      min-height: 0;
    }
    [part~='screen-share'] {
      grid-area: screen;
      width: 100%;
      /* Leaves the window room for the heading and the controls; a short window shrinks the screen, not the cameras. */
      max-height: calc(100dvh - 12rem);
      min-height: 10rem;
      background: #0b0d10;
    }
    /* Pinned to the tile's box: sized by its content, the video would grow to the screen's own shape and be clipped. */
    [part~='screen-share'] video {
      position: absolute;
      inset: 0;
      object-fit: contain;
    }
    [data-presenting] > [part='text'] {
      grid-area: note;
      margin-block-end: var(--_space-2);
    }
    [data-presenting] [part='people'] {
      grid-area: people;
      display: grid;
      gap: var(--_space-2);
      align-content: start;
      /* As tall as the screen and never taller: the column adds no height of its own. */
      contain: size;
      align-self: stretch;
      overflow-y: auto;
    }
    [data-presenting][data-layout='grid'] [part='people'] {
      grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr));
    }
    [data-presenting] [part~='self-view'] {
      max-width: none;
      justify-self: stretch;
    }
    @container call (width < 40rem) {
      [part='stage'][data-presenting] {
        grid-template-columns: minmax(0, 1fr);
        grid-template-rows: auto;
        grid-template-areas: 'screen' 'note' 'people';
        row-gap: var(--_space-2);
      }
      [data-presenting] > [part='text'] {
        margin-block-end: 0;
      }
      [part~='screen-share'] {
        max-height: 60dvh;
      }
      [data-presenting] [part='people'],
      [data-presenting][data-layout='grid'] [part='people'] {
        contain: none;
        overflow: visible;
        grid-template-columns: repeat(auto-fit, minmax(6rem, 1fr));
      }
    }
    [part~='tile'] figcaption {
      position: absolute;
      inset-inline-start: var(--_space-1);
      inset-block-end: var(--_space-1);
      padding: 0 var(--_space-1);
      border-radius: var(--_radius-small);
      background: var(--_surface);
      font-size: var(--_font-size-small);
    }
    [part='controls'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-2);
    }
    button[aria-pressed='true'] {
      background: var(--_primary);
      border-color: var(--_primary);
      color: var(--_on-primary);
    }
    [part='banner'] {
      padding: var(--_space-2) var(--_space-3);
      border-radius: var(--_radius);
      border: 1px solid var(--_warning);
      color: var(--_warning);
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-2);
      align-items: center;
    }
    [part='banners']:empty {
      display: none;
    }
    [part='devices'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-2);
    }
    select {
      font: inherit;
      min-height: 2.75rem;
      border-radius: var(--_radius);
      border: 1px solid var(--_border);
      background: var(--_surface);
      color: var(--_text);
    }
    [part='text'] {
      margin: 0;
      color: var(--_text-muted);
    }
    [part='actions'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-2);
    }
    audio {
      display: none;
    }
  `,
];
