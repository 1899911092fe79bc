/**
 * Loads the card's module (content-scripts/card.js, built by the hook in
 * wxt.config.ts) into the content script's own isolated world, the first time
 * a card may open. The content script that runs in every frame of every page
 * then carries only the scanner, the matcher, the highlights and the hover
 * hit-testing; pages where no card is ever opened never load Preact, the
 * components or the card's CSS.
 *
 * A module imported by a content script runs in that content script's world
 * (Chrome and Firefox), with its `browser` and its isolation from the page.
 * The file has to be web-accessible for that; in Chrome its URL is
 * per-session (`use_dynamic_url`), and runtime.getURL() gives that URL.
 */
import { browser } from 'wxt/browser';
import { CARD_MODULE_PATH, type CardModule } from './card-contract';

let loading: Promise<CardModule> | undefined;

export function loadCardModule(): Promise<CardModule> {
  // The address is the extension's own file, made by runtime.getURL from a constant path.
  // eslint-disable-next-line no-unsanitized/method
  loading ??= import(/* @vite-ignore */ browser.runtime.getURL(`/${CARD_MODULE_PATH}` as '/')).then(
    (module: Partial<CardModule>) => {
      if (typeof module.createCardHost !== 'function') throw new Error(`${CARD_MODULE_PATH} has no createCardHost`);
      return module as CardModule;
    },
    (error: unknown) => {
      // Not remembered, so a later attempt can succeed.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
