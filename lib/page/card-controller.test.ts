/**
 * The card controller's decisions, drawn on a fake card host that records
 * what it is told: a stand-in registry whose "spot under the pointer" the
 * test sets, real pointer and key events on the document, and fake timers
 * (which also fake animation frames, every 16 ms, and performance.now).
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { CardData } from '@/lib/page/card-data';
import type { CardHost, CardModule, CardShowOptions } from './card-contract';
import { CardController, type CardControllerContext } from './card-controller';
import { FRAME_MS } from './hover-intent';
import { LONG_PRESS_MS } from './tap-gesture';
import type { Spot, SpotRegistry } from './spots';

const HOVER_DELAY = 300;
const CLOSE_DELAY = 300;

type Drawn = { call: 'show'; candidates: readonly string[]; options: CardShowOptions } | { call: 'reveal' | 'hide' };

/** Every stand-in name stands in one paragraph, so ranking reads them all as the mention's neighbours. */
const paragraphText = document.createTextNode('');
document.body.append(document.createElement('p'));
document.body.lastElementChild!.append(paragraphText);

function spot(...entryIds: string[]): Spot {
  return { entryIds, node: paragraphText, range: document.createRange(), shown: true } as unknown as Spot;
}

function setUp() {
  let under: Spot | undefined;
  let onPage = new Set<string>();
  let links: Record<string, string[]> = {};
  let cardHasFocus = false;
  const drawn: Drawn[] = [];
  const hostElement = document.createElement('context-lens-card');
  const host: CardHost = {
    show: (_anchor, candidates, options = {}) => void drawn.push({ call: 'show', candidates, options }),
    reveal: () => void drawn.push({ call: 'reveal' }),
    hide: () => void drawn.push({ call: 'hide' }),
    contains: (target) => target === hostElement,
    hasFocus: () => cardHasFocus,
  };
  let releaseCardModule: () => void = () => undefined;
  const cardModuleLoaded = new Promise<void>((resolve) => (releaseCardModule = resolve));
  const loadCardModule = vi.fn(async (): Promise<CardModule> => {
    await cardModuleLoaded;
    return { createCardHost: () => host };
  });
  const registry = {
    spotAt: () => under,
    entryIds: () => onPage,
    all: () => [...onPage].map((id) => spot(id)),
  } as unknown as SpotRegistry;
  const abort = new AbortController();
  const ctx = {
    get isInvalid() {
      return abort.signal.aborted;
    },
    signal: abort.signal,
    addEventListener: (target: EventTarget, type: string, handler: EventListener, options?: AddEventListenerOptions) =>
      target.addEventListener(type, handler, { ...options, signal: abort.signal }),
  } as unknown as CardControllerContext;
  const cardData = {
    loadDetail: vi.fn(async () => null),
    deleteNote: async () => undefined,
    noteEditor: { url: () => 'about:blank', origin: 'chrome-extension://test' },
  } satisfies CardData;
  const controller = new CardController(ctx, {
    registry: () => registry,
    ranking: () => ({ links }),
    hoverDelayMs: () => HOVER_DELAY,
    loadCardModule,
    cardData,
    articleDate: '2024-05-01',
    document,
  });
  controller.listen();

  /** Moves the pointer onto `target` (or off every term) and lets the frame's hit test run. */
  const moveTo = async (target: Spot | 'card' | undefined) => {
    under = target === 'card' ? undefined : target;
    const event = new PointerEvent('pointermove', { clientX: 1, clientY: 1, bubbles: true });
    (target === 'card' ? hostElement : document.body).dispatchEvent(event);
    vi.advanceTimersToNextFrame();
    await wait(0);
  };
  /** A finger (or `pointerType`) touching down on `target` at (x, y) and lifting `dx` px further on after `ms`. */
  const touch = async (
    target: Spot | 'card' | undefined,
    { dx = 0, ms = 80, cancel = false, pointerType = 'touch' } = {},
  ) => {
    under = target === 'card' ? undefined : target;
    const element = target === 'card' ? hostElement : document.body;
    const init = { pointerType, pointerId: 7, bubbles: true, cancelable: true };
    const down = new PointerEvent('pointerdown', { ...init, clientX: 1, clientY: 1 });
    element.dispatchEvent(down);
    await wait(ms);
    const move = new PointerEvent('pointermove', { ...init, clientX: 1 + dx, clientY: 1 });
    element.dispatchEvent(move);
    const up = new PointerEvent(cancel ? 'pointercancel' : 'pointerup', { ...init, clientX: 1 + dx, clientY: 1 });
    element.dispatchEvent(up);
    await wait(0);
    return [down, move, up];
  };
  const press = (key: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key }));
  const calls = () => drawn.map((entry) => entry.call);
  const shown = () => drawn.flatMap((entry) => (entry.call === 'show' ? [entry] : []));
  return {
    controller,
    moveTo,
    touch,
    press,
    drawn,
    calls,
    shown,
    releaseCardModule,
    loadCardModule,
    cardData,
    hostElement,
    abort,
    setOnPage: (ids: string[]) => (onPage = new Set(ids)),
    setLinks: (value: Record<string, string[]>) => (links = value),
    setCardHasFocus: (value: boolean) => (cardHasFocus = value),
  };
}

/** Lets timers, frames and the promises they settle run for `ms`. */
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);

const kfor = spot('kfor');
const eulex = spot('eulex');

describe('CardController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('hover: the card is drawn hidden during the delay and shown when it ends', async () => {
    const { moveTo, calls, shown, releaseCardModule, loadCardModule, cardData } = setUp();
    await moveTo(kfor);
    // The delay is used to fetch the entry and load the card's code.
    expect(cardData.loadDetail).toHaveBeenCalledWith('kfor');
    expect(loadCardModule).toHaveBeenCalledTimes(1);
    releaseCardModule();
    await wait(FRAME_MS);
    expect(calls()).toEqual(['show']);
    expect(shown()[0]).toMatchObject({
      candidates: ['kfor'],
      options: { hidden: true, takeFocus: false, articleDate: '2024-05-01' },
    });
    await wait(HOVER_DELAY);
    expect(calls()).toEqual(['show', 'reveal']);
  });

  test('with the card loaded, a hover draws it hidden only about a frame before the delay ends', async () => {
    const { moveTo, calls, shown, releaseCardModule } = setUp();
    releaseCardModule();
    // The first hover loads the card's code; the second finds it ready and its card on screen is gone.
    await moveTo(kfor);
    await wait(HOVER_DELAY + 2 * FRAME_MS);
    await moveTo(undefined);
    await wait(CLOSE_DELAY + FRAME_MS);
    expect(calls()).toEqual(['show', 'reveal', 'hide']);
    await moveTo(eulex);
    await wait(HOVER_DELAY - 3 * FRAME_MS);
    // Not drawn at the hover's start: only about a frame before the delay ends.
    expect(calls()).toEqual(['show', 'reveal', 'hide']);
    await wait(4 * FRAME_MS);
    expect(calls()).toEqual(['show', 'reveal', 'hide', 'show', 'reveal']);
    expect(shown()[1]).toMatchObject({ candidates: ['eulex'], options: { hidden: true } });
  });

  test('moving to a neighbouring term keeps the open card until the next one is shown', async () => {
    const { moveTo, calls, shown, releaseCardModule } = setUp();
    releaseCardModule();
    await moveTo(kfor);
    await wait(HOVER_DELAY + 2 * FRAME_MS);
    expect(calls()).toEqual(['show', 'reveal']);
    await moveTo(eulex);
    await wait(HOVER_DELAY - 2 * FRAME_MS);
    // Still KFOR's card: nothing hidden, nothing drawn over it.
    expect(calls()).toEqual(['show', 'reveal']);
    await wait(3 * FRAME_MS);
    // EULEX's card replaces it in one visible drawing, never blank in between.
    expect(calls()).toEqual(['show', 'reveal', 'show']);
    expect(shown()[1]).toMatchObject({ candidates: ['eulex'], options: { hidden: false, inAnimationFrame: true } });
  });

  test('Escape closes the card, which stays shut until the pointer has left its term', async () => {
    const { moveTo, press, calls, releaseCardModule } = setUp();
    releaseCardModule();
    await moveTo(kfor);
    await wait(HOVER_DELAY + 2 * FRAME_MS);
    press('Escape');
    expect(calls()).toEqual(['show', 'reveal', 'hide']);
    // Small movements on the same term do not bring it back.
    await moveTo(kfor);
    await wait(HOVER_DELAY + 2 * FRAME_MS);
    expect(calls()).toEqual(['show', 'reveal', 'hide']);
    // Off the term and back: it opens again.
    await moveTo(undefined);
    await moveTo(kfor);
    await wait(HOVER_DELAY + 2 * FRAME_MS);
    expect(calls().slice(3)).toEqual(['show', 'reveal']);
  });

  test('Escape during the delay cancels the card about to open', async () => {
    const { moveTo, press, calls, releaseCardModule } = setUp();
    releaseCardModule();
    await moveTo(kfor);
    await wait(HOVER_DELAY / 2);
    press('Escape');
    await wait(HOVER_DELAY + 2 * FRAME_MS);
    expect(calls()).not.toContain('reveal');
  });

  test('a click outside the card closes it; one inside does not', async () => {
    const { moveTo, calls, hostElement, releaseCardModule } = setUp();
    releaseCardModule();
    await moveTo(kfor);
    await wait(HOVER_DELAY + 2 * FRAME_MS);
    document.body.append(hostElement);
    hostElement.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    expect(calls()).toEqual(['show', 'reveal']);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    expect(calls()).toEqual(['show', 'reveal', 'hide']);
  });

  test('from the keyboard: shown at once with focus, and Escape gives focus back', async () => {
    const { controller, press, calls, shown, releaseCardModule, setCardHasFocus } = setUp();
    const field = document.createElement('input');
    document.body.append(field);
    field.focus();
    releaseCardModule();
    controller.openFromKeyboard(kfor);
    await wait(0);
    expect(calls()).toEqual(['show']);
    expect(shown()[0]).toMatchObject({ candidates: ['kfor'], options: { hidden: false, takeFocus: true } });
    setCardHasFocus(true);
    field.blur();
    press('Escape');
    expect(calls()).toEqual(['show', 'hide']);
    expect(document.activeElement).toBe(field);
  });

  test("an opening still waiting for the card's code is dropped if the card was closed meanwhile", async () => {
    const { controller, calls, releaseCardModule } = setUp();
    controller.openFromKeyboard(kfor);
    // Spotting switched off (or the terms changed) before the code arrived.
    controller.close();
    releaseCardModule();
    await wait(FRAME_MS);
    // Nothing was ever drawn, so there is nothing to hide either.
    expect(calls()).toEqual([]);
  });

  test('ranks the meanings with the term index current when the card opens, not an older one', async () => {
    const { controller, shown, releaseCardModule, setOnPage, setLinks } = setUp();
    releaseCardModule();
    const ohrid = spot('ohrid-city', 'ohrid-2023');
    setOnPage(['ohrid-city', 'ohrid-2023', 'kurti']);
    controller.openFromKeyboard(ohrid);
    await wait(0);
    expect(shown()[0]?.candidates).toEqual(['ohrid-city', 'ohrid-2023']);
    controller.close();
    // A newer term index links the 2023 agreement to Kurti, who is on the page.
    setLinks({ 'ohrid-2023': ['kurti'] });
    controller.openFromKeyboard(ohrid);
    await wait(0);
    expect(shown()[1]?.candidates).toEqual(['ohrid-2023', 'ohrid-city']);
  });

  test('an invalidated content script draws nothing', async () => {
    const { controller, calls, releaseCardModule, abort } = setUp();
    abort.abort();
    releaseCardModule();
    controller.openFromKeyboard(kfor);
    await wait(FRAME_MS);
    expect(calls()).toEqual([]);
  });

  describe('touch', () => {
    test('a tap opens the card at once, and no touch event is held up or cancelled', async () => {
      const { touch, calls, shown, releaseCardModule } = setUp();
      releaseCardModule();
      const events = await touch(kfor);
      expect(calls()).toEqual(['show']);
      expect(shown()[0]).toMatchObject({ candidates: ['kfor'], options: { hidden: false, takeFocus: false } });
      expect(shown()[0]?.options.pageControl).toBeUndefined();
      expect(events.map((event) => event.defaultPrevented)).toEqual([false, false, false]);
    });

    test('a quick swipe starting on a term opens nothing, and a finger moving over it is no hover', async () => {
      const { touch, calls, releaseCardModule } = setUp();
      releaseCardModule();
      await touch(kfor, { dx: 40 });
      await wait(HOVER_DELAY + 2 * FRAME_MS);
      expect(calls()).toEqual([]);
      // Resting on the term, then sliding off it slowly (a long-press and drag, selecting text).
      await touch(kfor, { dx: 40, ms: 2 * HOVER_DELAY });
      await wait(HOVER_DELAY + 2 * FRAME_MS);
      expect(calls()).toEqual([]);
    });

    test('a long-press is left to text selection: no card', async () => {
      const { touch, calls, releaseCardModule } = setUp();
      releaseCardModule();
      await touch(kfor, { ms: LONG_PRESS_MS + 50 });
      await wait(HOVER_DELAY + 2 * FRAME_MS);
      expect(calls()).toEqual([]);
    });

    test('a tap outside, or a swipe or scroll of the page, closes the card; a swipe inside it does not', async () => {
      const { touch, calls, releaseCardModule } = setUp();
      releaseCardModule();
      await touch(kfor);
      await touch('card', { dx: 60 });
      expect(calls()).toEqual(['show']);
      await touch(undefined);
      expect(calls()).toEqual(['show', 'hide']);
      await touch(kfor);
      // The browser took the touch over to scroll the page.
      await touch(undefined, { dx: 30, cancel: true });
      expect(calls()).toEqual(['show', 'hide', 'show', 'hide']);
    });

    test('a tap on another term swaps the card; a pen that does not hover taps like a finger', async () => {
      const { touch, shown, calls, releaseCardModule } = setUp();
      releaseCardModule();
      await touch(kfor, { pointerType: 'pen' });
      await touch(eulex, { pointerType: 'pen' });
      expect(calls()).toEqual(['show', 'show']);
      expect(shown().map((entry) => entry.candidates)).toEqual([['kfor'], ['eulex']]);
    });

    test('a linked term: the first tap opens the card, which offers the link; a second tap follows it', async () => {
      const { touch, shown, calls, releaseCardModule } = setUp();
      releaseCardModule();
      const link = document.createElement('a');
      link.href = 'https://example.org/kfor';
      const text = document.createTextNode('KFOR');
      link.append(text);
      document.body.append(link);
      const linked = { entryIds: ['kfor'], node: text, range: document.createRange(), shown: true } as unknown as Spot;
      const followed: boolean[] = [];
      link.addEventListener('click', (event) => {
        followed.push(!event.defaultPrevented);
        event.preventDefault();
      });
      /** The click a tap produces, on the term's text: whether the browser would follow the link. */
      const clickTerm = () => {
        const click = new MouseEvent('click', { bubbles: true, cancelable: true });
        text.parentElement!.dispatchEvent(click);
        return !click.defaultPrevented;
      };

      await touch(linked);
      expect(clickTerm()).toBe(false);
      // Nor do the page's own click handlers hear of it.
      expect(followed).toEqual([]);
      expect(calls()).toEqual(['show']);
      const offered = shown()[0]?.options.pageControl;
      expect(offered?.kind).toBe('link');

      await touch(linked);
      link.click();
      expect(followed).toEqual([true]);
      expect(calls()).toEqual(['show']);

      // "Open link" in the card: the card goes and the link is followed, even right after a tap.
      await touch(undefined);
      await touch(linked);
      offered?.activate();
      expect(calls()).toEqual(['show', 'hide', 'show', 'hide']);
      expect(followed).toEqual([true, true]);
      link.remove();
    });
  });
});
