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
    video {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }

    /*
     * The call fits the window: a patient sees the other person, their own picture and the controls
     * without scrolling. While the cameras have the stage the call takes the height it is given, and
     * that box (a size container on the element) picks the layout: a phone on its side has no height
     * for rows of buttons. The stage takes what the header and controls leave, and the tiles are sized
     * from the box of 'people' inside it.
     */
    :host([fills-space]) {
      height: var(--attune-call-height, 100dvh);
      container: call-space / size;
    }
    :host([fills-space]) [part='base'] {
      display: flex;
      flex-direction: column;
      height: 100%;
    }
    :host([fills-space]) [part='base'] > *,
    [part='control-panel'] > * {
      flex: none;
    }
    [part='control-panel'] {
      display: contents;
    }
    [part='base'] > [part='stage']:not([data-presenting]) {
      flex: 1 1 0;
      min-height: 9rem;
      display: flex;
      flex-direction: column;
      /* The tiles never size the stage: it is the box they are sized from. */
      contain: size;
    }
    [part='stage']:not([data-presenting]) > [part='people'] {
      position: relative;
      flex: 1 1 0;
      min-height: 0;
      display: grid;
      gap: var(--_space-2);
      container: people / size;
      /* The largest 16:9 box in 'people'; the units resolve on the tiles, against it. */
      --_tile-width: min(100cqw, 100cqh * 16 / 9);
      --_tile-height: min(100cqh, 100cqw * 9 / 16);
      grid-template-columns: minmax(0, 1fr);
      place-items: center;
      align-content: center;
    }
    [part='stage'][data-layout='stage']:not([data-presenting]) [part~='tile'] {
      width: var(--_tile-width);
      height: var(--_tile-height);
      aspect-ratio: auto;
    }
    /*
     * With the other person here, the own picture is a small picture-in-picture in the remote tile's
     * bottom corner, away from its caption (the opposite corner), as telehealth apps do.
     */
    [part='stage'][data-layout='stage']:not([data-presenting]) [part='tile'] ~ [part~='self-view'] {
      position: absolute;
      z-index: 1;
      inset-inline-end: calc((100cqw - var(--_tile-width)) / 2 + var(--_space-2));
      inset-block-end: calc((100cqh - var(--_tile-height)) / 2 + var(--_space-2));
      /* Never so narrow that "Your camera is off" wraps onto the name under it. */
      width: clamp(8.5rem, var(--_tile-width) * 0.22, 14rem);
      height: auto;
      aspect-ratio: 16 / 9;
      box-shadow: 0 2px 8px rgb(0 0 0 / 0.35);
      font-size: var(--_font-size-small);
      text-align: center;
    }
    /*
     * A group: 16:9 tiles, as large as the stage allows. With c columns (1 to 5) the tiles can be as
     * wide as c of them side by side, and as the rows c makes (count / c, rounded up) stacked; the
     * largest of those wins. 'people' is then as wide as the fewest columns that tile size needs, so
     * nine make three rows of three rather than four, four and one. Short of a legible size (a very
     * small window) the tiles scroll inside 'people'; the buttons stay in view.
     */
    [part='stage'][data-layout='grid']:not([data-presenting]) {
      /* The box the tiles are sized from (cq units of 'people' and the tiles). */
      container-type: size;
    }
    [part='stage'][data-layout='grid']:not([data-presenting]) > [part='people'] {
      container-type: normal;
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      align-content: center;
      align-self: center;
      overflow-y: auto;
      /* Without typed arithmetic (length / length) this is invalid and 'people' keeps the stage's width. */
      width: min(100%, var(--_columns) * var(--_group-tile-width) + (var(--_columns) - 1) * var(--_space-2) + 1px);
      --_count: 1;
      --_rows-2: round(up, var(--_count) / 2, 1);
      --_rows-3: round(up, var(--_count) / 3, 1);
      --_rows-4: round(up, var(--_count) / 4, 1);
      --_rows-5: round(up, var(--_count) / 5, 1);
      --_fit-1: min(100cqw, (100cqh - (var(--_count) - 1) * var(--_space-2)) / var(--_count) * 16 / 9);
      --_fit-2: min((100cqw - var(--_space-2)) / 2, (100cqh - (var(--_rows-2) - 1) * var(--_space-2)) / var(--_rows-2) * 16 / 9);
      --_fit-3: min((100cqw - 2 * var(--_space-2)) / 3, (100cqh - (var(--_rows-3) - 1) * var(--_space-2)) / var(--_rows-3) * 16 / 9);
      --_fit-4: min((100cqw - 3 * var(--_space-2)) / 4, (100cqh - (var(--_rows-4) - 1) * var(--_space-2)) / var(--_rows-4) * 16 / 9);
      --_fit-5: min((100cqw - 4 * var(--_space-2)) / 5, (100cqh - (var(--_rows-5) - 1) * var(--_space-2)) / var(--_rows-5) * 16 / 9);
      /* A pixel under the exact fit, so rounding never wraps a row early. */
      --_group-tile-width: max(6rem, max(var(--_fit-1), var(--_fit-2), var(--_fit-3), var(--_fit-4), var(--_fit-5)) - 1px);
      --_rows-that-fit: max(1, round(down, (100cqh + var(--_space-2)) / (var(--_group-tile-width) * 9 / 16 + var(--_space-2)), 1));
      --_columns: round(up, var(--_count) / var(--_rows-that-fit), 1);
    }
    [part='stage'][data-layout='grid'] > [part='people']:has(> :nth-child(2)) {
      --_count: 2;
    }
    [part='stage'][data-layout='grid'] > [part='people']:has(> :nth-child(3)) {
      --_count: 3;
    }
    [part='stage'][data-layout='grid'] > [part='people']:has(> :nth-child(4)) {
      --_count: 4;
    }
    [part='stage'][data-layout='grid'] > [part='people']:has(> :nth-child(5)) {
      --_count: 5;
    }
    [part='stage'][data-layout='grid'] > [part='people']:has(> :nth-child(6)) {
      --_count: 6;
    }
    [part='stage'][data-layout='grid'] > [part='people']:has(> :nth-child(7)) {
      --_count: 7;
    }
    [part='stage'][data-layout='grid'] > [part='people']:has(> :nth-child(8)) {
      --_count: 8;
    }
    [part='stage'][data-layout='grid'] > [part='people']:has(> :nth-child(9)) {
      --_count: 9;
    }
    [part='stage'][data-layout='grid']:not([data-presenting]) [part~='tile'] {
      flex: none;
      width: var(--_group-tile-width);
      height: calc(var(--_group-tile-width) * 9 / 16);
      aspect-ratio: auto;
    }
    /* A phone held upright: a tall picture of the other person fills the width. */
    @container call (width < 30rem) {
      [part='stage']:not([data-presenting]) > [part='people'] {
        --_tile-width: min(100cqw, 100cqh * 3 / 4);
        --_tile-height: min(100cqh, 100cqw * 4 / 3);
      }
      [part='stage'][data-layout='stage']:not([data-presenting]) [part='tile'] ~ [part~='self-view'] {
        width: clamp(5.5rem, var(--_tile-width) * 0.3, 9rem);
        aspect-ratio: 3 / 4;
      }
    }
    /*
     * A phone on its side: rows of buttons under the picture would leave the other person a small box.
     * The heading runs along the top, the picture takes the height under it, and the buttons stand in a
     * column beside it (video apps do the same); the device menus follow them, and the column scrolls
     * when it is taller than the window (a clinician's six buttons and two menus at 740×360).
     */
    @container call-space (height < 30rem) and (aspect-ratio > 4 / 3) {
      :host([fills-space]) [part='base'] {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 12rem;
        grid-template-rows: auto auto auto minmax(0, 1fr);
        grid-template-areas: 'header header' 'banners banners' 'alert alert' 'stage panel';
        gap: 0 var(--_space-2);
        padding: var(--_space-2);
      }
      [part='base'] > [part='header'] {
        grid-area: header;
        margin-block-end: var(--_space-2);
      }
      [part='base'] > [part='banners'] {
        grid-area: banners;
        margin-block-end: var(--_space-2);
      }
      [part='base'] > [part='banner'] {
        grid-area: alert;
        margin-block-end: var(--_space-2);
      }
      [part='base'] > [part='stage'] {
        grid-area: stage;
      }
      [part='base'] > [part='control-panel'] {
        grid-area: panel;
        display: flex;
        flex-direction: column;
        gap: var(--_space-2);
        min-height: 0;
        overflow-y: auto;
        /* Room inside the scrolling box for the focus ring, without moving the column. */
        padding: 3px;
        margin: -3px;
      }
      [part='control-panel'] > [part='controls'],
      [part='control-panel'] > [part='devices'] {
        flex-direction: column;
        flex-wrap: nowrap;
        gap: var(--_space-1);
      }
      [part='devices'] label {
        display: grid;
      }
      /* A device's name can be longer than the column is wide. */
      [part='devices'] select {
        min-width: 0;
      }
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
