/**
 * The content script's work on one document: fetch the term index once,
 * match the reading text in time slices, underline what was found, and open
 * the card when a term is hovered.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardData } from '@/components/Card';
import { compileMatcher } from '../matcher';
import type { TermIndex } from '../model';
import { CARD_HOST_NAME, createCardHost } from './card-host';
import { HoverIntent } from './hover-intent';
import { forEachInSlices } from './slices';
import { SpotRegistry } from './spots';
import { readingTextNodes } from './text-walker';

export interface SpotterOptions {
  fetchTermIndex(): Promise<TermIndex | null>;
  cardData: CardData;
  openDelayMs?: number;
}

export async function startSpotter(
  ctx: ContentScriptContext,
  options: SpotterOptions,
): Promise<SpotRegistry | undefined> {
  const index = await options.fetchTermIndex();
  if (!index || ctx.isInvalid) return undefined;
  const matcher = compileMatcher(index.terms);
  const registry = new SpotRegistry();
  ctx.onInvalidated(() => registry.dispose());

  const card = await createCardHost(ctx, options.cardData, () => hover.close());
  const hover = new HoverIntent(registry, {
    openDelayMs: options.openDelayMs ?? 300,
    closeDelayMs: 300,
    onOpen: (spot) => card.show(spot.range, spot.entryIds),
    onClose: () => card.hide(),
    isOverCard: (target) => card.contains(target),
  });
  ctx.addEventListener(document, 'pointermove', hover.handlePointerMove, { passive: true, capture: true });
  ctx.addEventListener(
    document,
    'pointerdown',
    (event) => {
      if (card.isOpen && !card.contains(event.target)) hover.close();
    },
    { capture: true },
  );
  ctx.addEventListener(
    document,
    'keydown',
    (event) => {
      if (event.key === 'Escape' && card.isOpen) hover.close();
    },
    { capture: true },
  );

  const root = document.body ?? document.documentElement;
  await forEachInSlices(readingTextNodes(root, CARD_HOST_NAME), (node) => registry.add(node, matcher.find(node.data)), {
    signal: ctx.signal,
  });
  return registry;
}
