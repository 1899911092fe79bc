/**
 * The card module (built on its own as content-scripts/card.js, see
 * wxt.config.ts, and imported by the content script on demand through
 * card-loader.ts). Hosts the card in a closed shadow root (styles isolated
 * both ways, and page scripts cannot read the reader's notes out of it) and
 * keeps it next to its term with @floating-ui/dom: below the term when there
 * is room, above otherwise, shifted to stay inside the viewport, following
 * scrolls. On a narrow screen (a phone) it is a bottom sheet instead: full
 * width, above the on-screen keyboard (sheet-layout.ts).
 *
 * Loading this module runs nothing but definitions: a page that fetched and
 * imported it in its own world would get a function that draws an empty card
 * from data it has to supply itself, and no browser API to fetch ours.
 */
import { render } from 'preact';
import { autoUpdate, computePosition, flip, offset, shift, size } from '@floating-ui/dom';
import { Card } from './Card';
import cardCss from './card.css?inline';
import {
  CARD_HOST_NAME,
  CARD_PAINTED_MARK,
  type CardHost,
  type CardHostOptions,
  type CardRevealOptions,
  type CardShowOptions,
} from '@/lib/page/card-contract';
import { modalDialogAround } from '@/lib/page/top-layer';
import { followVisualViewport, scrollTermAboveSheet, SHEET_MEDIA_QUERY } from './sheet-layout';

/** Typing in the note editor must not trigger the page's keyboard shortcuts. */
const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress', 'input'];

/**
 * Marks the card painted once the frame that shows it has been painted. The
 * frame's paint follows its animation-frame callbacks, and a task posted from
 * one runs right after that paint; so from inside a callback the task is
 * posted at once, from anywhere else in the next frame's callback.
 */
function markPainted(inAnimationFrame: boolean): void {
  const markAfterPaint = () => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => performance.mark(CARD_PAINTED_MARK);
    channel.port2.postMessage(null);
  };
  if (inAnimationFrame) markAfterPaint();
  else requestAnimationFrame(markAfterPaint);
}

/** The host element with its closed shadow root, its styles, and the element the card renders into. */
function createShadowHost(): { host: HTMLElement; container: HTMLElement } {
  const host = document.createElement(CARD_HOST_NAME);
  // The host element is in the page's light DOM, where page CSS can reach it
  // (`* { all: unset }`, `display: none`, a transform that would trap our
  // fixed positioning). Inline !important declarations outrank any stylesheet.
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('display', 'block', 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  // Inherited properties (font, colour, direction) must not flow in from the page either.
  style.textContent = `:host{all:initial !important;}\n${cardCss}`;
  const container = document.createElement('div');
  for (const type of ISOLATED_EVENTS) container.addEventListener(type, (event) => event.stopPropagation());
  shadow.append(style, container);
  return { host, container };
}

export function createCardHost({ data, onCloseRequested, signal }: CardHostOptions): CardHost {
  const { host, container } = createShadowHost();
  let stopAutoUpdate: (() => void) | undefined;
  // What is drawn, not what should be: whether and when a card is shown is the CardController's
  // decision (card-controller.ts). These only serve the painted mark and the Card's key.
  /** The container is visible. */
  let visible = false;
  /** The entry's content has been rendered (perhaps while hidden). */
  let contentRendered = false;
  /** True while show() renders inside an animation-frame callback. */
  let inAnimationFrame = false;
  /** The candidates the rendered card is for (the Card's key), undefined when nothing is rendered. */
  let renderedKey: string | undefined;

  function setVisible(value: boolean) {
    visible = value;
    // Inside the shadow root, so the page sees no mutation. A hidden element is
    // not hit-tested, not focusable and not in the accessibility tree.
    container.style.visibility = value ? '' : 'hidden';
  }

  function contentShown() {
    contentRendered = true;
    if (visible) markPainted(inAnimationFrame);
  }

  function reveal(options: CardRevealOptions = {}) {
    if (visible || signal.aborted) return;
    setVisible(true);
    if (contentRendered) markPainted(options.inAnimationFrame ?? false);
  }

  function hide() {
    stopAutoUpdate?.();
    stopAutoUpdate = undefined;
    visible = false;
    renderedKey = undefined;
    // The host stays in the page once added: re-inserting it on every hover
    // would cost a style recalculation and show up as page mutations.
    render(null, container);
  }

  function show(anchor: Range, candidates: readonly string[], options: CardShowOptions = {}) {
    if (signal.aborted) return;
    // Inside a modal dialog the card must be in the dialog's top layer (lib/page/top-layer.ts); elsewhere, back at the end of <html>.
    const layer = modalDialogAround(anchor) ?? document.documentElement;
    if (host.parentNode !== layer) layer.append(host);
    stopAutoUpdate?.();
    setVisible(!options.hidden);
    // Decided at each opening: a phone turned to landscape may get the card beside its term again.
    const sheet = window.matchMedia(SHEET_MEDIA_QUERY).matches;
    container.classList.toggle('cl-sheet-layout', sheet);
    const key = candidates.join(' ');
    // The same card drawn again keeps its state, and does not render its content anew.
    if (key !== renderedKey) contentRendered = false;
    renderedKey = key;
    // The card renders synchronously here, so content it has at once is shown in this frame.
    inAnimationFrame = options.inAnimationFrame ?? false;
    try {
      render(
        <Card
          key={key}
          candidates={candidates}
          data={data}
          articleDate={options.articleDate}
          chosenBecause={options.chosenBecause}
          pageControl={options.pageControl}
          sheet={sheet}
          chosenBy={options.chosenBy}
          onClose={onCloseRequested}
          onContentRendered={contentShown}
        />,
        container,
      );
    } finally {
      inAnimationFrame = false;
    }
    const card = container.querySelector<HTMLElement>('.cl-card');
    if (!card) return;
    if (options.takeFocus) card.focus({ preventScroll: true });
    if (sheet) {
      stopAutoUpdate = followVisualViewport(card);
      if (options.bringTermIntoSight) scrollTermAboveSheet(anchor, card);
      return;
    }
    card.style.removeProperty('bottom');
    card.style.removeProperty('width');
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

  // The extension was updated or removed: this content script is orphaned, so its card goes.
  signal.addEventListener(
    'abort',
    () => {
      hide();
      host.remove();
    },
    { once: true },
  );

  return {
    show,
    reveal,
    hide,
    // Events from inside a closed shadow root reach the page retargeted to its host.
    contains: (target) => target === host,
    hasFocus: () => document.activeElement === host,
  };
}
