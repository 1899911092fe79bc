/**
 * Hosts the card in a closed shadow root (styles isolated both ways, and
 * page scripts cannot read the reader's notes out of it) and keeps it next
 * to its term with @floating-ui/dom: below the term when there is room,
 * above otherwise, shifted to stay inside the viewport, following scrolls.
 */
import { render } from 'preact';
import { autoUpdate, computePosition, flip, offset, shift, size } from '@floating-ui/dom';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Card, type CardData } from '@/components/Card';
import { modalDialogAround } from './top-layer';

export const CARD_HOST_NAME = 'context-lens-card';

/**
 * User-timing marks around opening a card, read by bench/card.bench.ts: the
 * first when the hover intent fires (or the keyboard asks), the second in the
 * frame after the entry's content was rendered, i.e. once it was painted.
 */
export const CARD_OPEN_MARK = 'context-lens:card-open';
export const CARD_PAINTED_MARK = 'context-lens:card-painted';

function markPainted(): void {
  // The frame's paint follows the animation-frame callbacks; a task posted from
  // one runs right after that paint.
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => performance.mark(CARD_PAINTED_MARK);
    channel.port2.postMessage(null);
  });
}

export interface CardShowOptions {
  /** The article's publication day, to split the timeline into before and since. */
  articleDate?: string;
  /** Move keyboard focus into the card (when it was opened from the keyboard). */
  takeFocus?: boolean;
}

export interface CardHost {
  show(anchor: Range, candidates: readonly string[], options?: CardShowOptions): void;
  hide(): void;
  contains(target: EventTarget | null): boolean;
  hasFocus(): boolean;
  readonly isOpen: boolean;
}

export async function createCardHost(
  ctx: ContentScriptContext,
  data: CardData,
  onCloseRequested: () => void,
): Promise<CardHost> {
  const ui = await createShadowRootUi(ctx, {
    name: CARD_HOST_NAME,
    position: 'inline',
    anchor: 'html',
    append: 'last',
    mode: 'closed',
    // Typing in the note editor must not trigger the page's keyboard shortcuts.
    isolateEvents: ['keydown', 'keyup', 'keypress', 'input'],
    onMount: (container) => container,
    onRemove: (container) => container && render(null, container),
  });
  // The host element is in the page's light DOM, where page CSS can reach it
  // (`* { all: unset }`, `display: none`, a transform that would trap our
  // fixed positioning). Inline !important declarations outrank any stylesheet.
  ui.shadowHost.style.setProperty('all', 'initial', 'important');
  ui.shadowHost.style.setProperty('display', 'block', 'important');
  let stopAutoUpdate: (() => void) | undefined;
  let open = false;

  function hide() {
    stopAutoUpdate?.();
    stopAutoUpdate = undefined;
    open = false;
    // The host stays in the page once added: re-inserting it on every hover
    // would cost a style recalculation and show up as page mutations.
    render(null, ui.uiContainer);
  }

  function show(anchor: Range, candidates: readonly string[], options: CardShowOptions = {}) {
    if (!ui.shadowHost.isConnected) ui.mount();
    // Inside a modal dialog the card must be in the dialog's top layer (lib/page/top-layer.ts); elsewhere, back at the end of <html>.
    const layer = modalDialogAround(anchor) ?? document.documentElement;
    if (ui.shadowHost.parentNode !== layer) layer.append(ui.shadowHost);
    stopAutoUpdate?.();
    open = true;
    render(
      <Card
        key={candidates.join(' ')}
        candidates={candidates}
        data={data}
        articleDate={options.articleDate}
        onClose={onCloseRequested}
        onContentRendered={markPainted}
      />,
      ui.uiContainer,
    );
    const card = ui.uiContainer.querySelector<HTMLElement>('.cl-card');
    if (!card) return;
    if (options.takeFocus) card.focus({ preventScroll: true });
    // A Range has no element, so floating-ui gets a virtual reference that re-reads its rects.
    const reference = {
      getBoundingClientRect: () => anchor.getBoundingClientRect(),
      getClientRects: () => anchor.getClientRects(),
    };
    stopAutoUpdate = autoUpdate(reference, card, () => {
      void computePosition(reference, card, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          offset(6),
          flip({ padding: 8 }),
          shift({ padding: 8 }),
          size({
            padding: 8,
            apply({ availableHeight }) {
              card.style.maxHeight = `${Math.max(160, Math.min(availableHeight, 520))}px`;
            },
          }),
        ],
      }).then(({ x, y }) => {
        card.style.left = `${x}px`;
        card.style.top = `${y}px`;
      });
    });
  }

  return {
    show,
    hide,
    // Events from inside a closed shadow root reach the page retargeted to its host.
    contains: (target) => target === ui.shadowHost,
    hasFocus: () => document.activeElement === ui.shadowHost,
    get isOpen() {
      return open;
    },
  };
}
