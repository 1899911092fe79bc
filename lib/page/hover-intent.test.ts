/**
 * Hover intent timing with a stand-in registry whose "spot under the pointer"
 * is set by the test, and fake timers (which also fake animation frames, every
 * 16 ms, and performance.now) for the open and close delays.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { FRAME_MS, HoverIntent } from './hover-intent';
import type { Spot, SpotRegistry } from './spots';

const OPEN_DELAY = 250;
const CLOSE_DELAY = 300;

type Happening =
  | { type: 'pending' | 'prepare' | 'open'; spot: Spot; at: number; delayEnd?: number }
  | { type: 'discard' | 'close'; at: number };

function setUp({ openDelay = () => OPEN_DELAY }: { openDelay?: () => number } = {}) {
  let under: Spot | undefined;
  let overCard = false;
  const registry = { spotAt: () => under } as unknown as SpotRegistry;
  const log: Happening[] = [];
  const at = () => performance.now();
  const intent = new HoverIntent(() => registry, {
    openDelayMs: openDelay,
    closeDelayMs: CLOSE_DELAY,
    onPending: (spot) => log.push({ type: 'pending', spot, at: at() }),
    onPrepare: (spot) => log.push({ type: 'prepare', spot, at: at() }),
    onOpen: (spot, delayEnd) => log.push({ type: 'open', spot, at: at(), delayEnd }),
    onDiscard: () => log.push({ type: 'discard', at: at() }),
    onClose: () => log.push({ type: 'close', at: at() }),
    isOverCard: () => overCard,
  });
  /**
   * Moves the pointer onto `spot` (or off every term, or onto the card) and
   * lets the frame's hit test run. Returns the time of the move.
   */
  const moveTo = (spot: Spot | 'card' | undefined) => {
    overCard = spot === 'card';
    under = spot === 'card' ? undefined : spot;
    const movedAt = at();
    intent.handlePointerMove(new PointerEvent('pointermove', { clientX: 1, clientY: 1 }));
    vi.advanceTimersToNextFrame();
    return movedAt;
  };
  const types = () => log.map((happening) => happening.type);
  const opened = () => log.flatMap((happening) => (happening.type === 'open' ? [happening.spot] : []));
  const find = (type: Happening['type']) => log.find((happening) => happening.type === type);
  return { intent, moveTo, log, types, opened, find };
}

/** Moves the fake clock on to `time` (ms since the test began). */
function advanceTo(time: number) {
  vi.advanceTimersByTime(time - performance.now());
}

/*
 * The windows below, with a 250 ms delay and a move at 0 (hit-tested in the
 * frame at 16): the card is drawn at 250 - 16.7 = 233.3 and shown in the frame
 * at 256 (the one at 240 starts more than half a frame early). A move at 235
 * is hit-tested in the frame at 240, between the two.
 */
const BETWEEN_DRAWING_AND_SHOWING = 235;

const kfor = { entryIds: ['kfor'] } as unknown as Spot;
const eulex = { entryIds: ['eulex'] } as unknown as Spot;

describe('HoverIntent', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('opens after the pointer rests on a term, closes after it leaves', () => {
    const { moveTo, opened, types } = setUp();
    moveTo(kfor);
    vi.advanceTimersByTime(OPEN_DELAY);
    expect(opened()).toEqual([kfor]);
    moveTo(undefined);
    vi.advanceTimersByTime(CLOSE_DELAY);
    expect(types()).toEqual(['pending', 'prepare', 'open', 'close']);
  });

  test('draws the card about a frame before the delay ends and shows it in the frame nearest its end', () => {
    const { moveTo, find } = setUp();
    vi.advanceTimersByTime(7); // a move at an arbitrary point of a frame
    const movedAt = moveTo(kfor);
    vi.advanceTimersByTime(OPEN_DELAY + 2 * FRAME_MS);
    const delayEnd = movedAt + OPEN_DELAY;
    const prepare = find('prepare')!;
    const open = find('open')!;
    // Counted from the pointer's move, not from the frame that hit-tested it.
    expect(open).toMatchObject({ delayEnd });
    expect(prepare.at).toBeGreaterThanOrEqual(delayEnd - FRAME_MS - 1);
    expect(prepare.at).toBeLessThan(delayEnd);
    expect(open.at).toBeGreaterThan(prepare.at);
    // Opened in the animation frame within half a frame of the delay's end (fake frames are every 16 ms).
    expect(Math.abs(open.at - delayEnd)).toBeLessThanOrEqual(FRAME_MS / 2);
  });

  test.each([0, 5, 12, 16, 17, 40, 300])(
    'a delay of %i ms opens within half a frame of its end, or in the first frame',
    (delay) => {
      const { moveTo, find, types } = setUp({ openDelay: () => delay });
      vi.advanceTimersByTime(3);
      const movedAt = moveTo(kfor);
      vi.advanceTimersByTime(delay + 3 * FRAME_MS);
      expect(types()).toEqual(['pending', 'prepare', 'open']);
      const open = find('open')!;
      const hitTestedAt = movedAt + 16 - (movedAt % 16);
      // Not before half a frame ahead of the delay's end, and no later than the first frame that may show it.
      expect(open.at).toBeGreaterThanOrEqual(movedAt + delay - FRAME_MS / 2);
      expect(open.at).toBeLessThanOrEqual(Math.max(hitTestedAt + 16, movedAt + delay + FRAME_MS / 2));
    },
  );

  test('reads the delay setting at every hover', () => {
    let delay = OPEN_DELAY;
    const { moveTo, log } = setUp({ openDelay: () => delay });
    const firstMove = moveTo(kfor);
    vi.advanceTimersByTime(OPEN_DELAY + 2 * FRAME_MS);
    moveTo(undefined);
    vi.advanceTimersByTime(CLOSE_DELAY);
    delay = 1000;
    const secondMove = moveTo(kfor);
    vi.advanceTimersByTime(OPEN_DELAY + 2 * FRAME_MS);
    expect(log.filter((happening) => happening.type === 'open')).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    const ends = log.flatMap((happening) => (happening.type === 'open' ? [happening.delayEnd] : []));
    expect(ends).toEqual([firstMove + OPEN_DELAY, secondMove + 1000]);
  });

  test('the pointer leaving between drawing and showing discards the card unseen', () => {
    const { moveTo, types, find } = setUp();
    const movedAt = moveTo(kfor);
    advanceTo(BETWEEN_DRAWING_AND_SHOWING);
    expect(types()).toEqual(['pending', 'prepare']);
    moveTo(undefined);
    vi.advanceTimersByTime(OPEN_DELAY + CLOSE_DELAY);
    // Discarded, never opened, and no close either: nothing was open.
    expect(types()).toEqual(['pending', 'prepare', 'discard']);
    expect(find('discard')!.at).toBeLessThan(movedAt + OPEN_DELAY);
  });

  test('the pointer leaving early in the delay discards what was drawn for the term before its time', () => {
    const { intent, moveTo, types } = setUp();
    moveTo(kfor);
    expect(intent.pendingSpot).toBe(kfor);
    advanceTo(100);
    moveTo(undefined);
    expect(intent.pendingSpot).toBeUndefined();
    vi.advanceTimersByTime(OPEN_DELAY + CLOSE_DELAY);
    expect(types()).toEqual(['pending', 'discard']);
  });

  test('moving to a neighbouring term while its card is drawn replaces it with that term’s', () => {
    const { moveTo, log, opened } = setUp();
    moveTo(kfor);
    advanceTo(BETWEEN_DRAWING_AND_SHOWING);
    moveTo(eulex);
    vi.advanceTimersByTime(OPEN_DELAY + FRAME_MS);
    expect(log.map((happening) => [happening.type, 'spot' in happening ? happening.spot : null])).toEqual([
      ['pending', kfor],
      ['prepare', kfor],
      ['discard', null],
      ['pending', eulex],
      ['prepare', eulex],
      ['open', eulex],
    ]);
    expect(opened()).toEqual([eulex]);
  });

  test('the pointer entering the card before another term’s card is shown keeps the open one', () => {
    const { moveTo, types } = setUp();
    moveTo(kfor);
    advanceTo(992); // a multiple of 16, like the first move at 0
    moveTo(eulex);
    advanceTo(992 + BETWEEN_DRAWING_AND_SHOWING);
    moveTo('card');
    vi.advanceTimersByTime(OPEN_DELAY + CLOSE_DELAY);
    expect(types()).toEqual(['pending', 'prepare', 'open', 'pending', 'prepare', 'discard']);
  });

  test('back on the open card’s term before the neighbour’s card is shown, the neighbour’s does not open', () => {
    const { moveTo, opened } = setUp();
    moveTo(kfor);
    vi.advanceTimersByTime(OPEN_DELAY + FRAME_MS);
    moveTo(eulex);
    vi.advanceTimersByTime(OPEN_DELAY / 2);
    moveTo(kfor);
    vi.advanceTimersByTime(OPEN_DELAY + CLOSE_DELAY);
    expect(opened()).toEqual([kfor]);
  });

  test('a card opened from the keyboard discards one drawn for the pointer', () => {
    const { intent, moveTo, types } = setUp();
    moveTo(kfor);
    advanceTo(BETWEEN_DRAWING_AND_SHOWING);
    intent.markOpen(eulex);
    vi.advanceTimersByTime(OPEN_DELAY);
    expect(types()).toEqual(['pending', 'prepare', 'discard']);
  });

  test('crossing a gap from one open term to another opens the second and does not close it', () => {
    const { moveTo, opened, types } = setUp();
    moveTo(kfor);
    vi.advanceTimersByTime(OPEN_DELAY);
    // Off the first term (a close is scheduled), then onto the second before it fires; the pointer rests there.
    moveTo(undefined);
    vi.advanceTimersByTime(CLOSE_DELAY / 3);
    moveTo(eulex);
    vi.advanceTimersByTime(OPEN_DELAY + CLOSE_DELAY);
    expect(opened()).toEqual([kfor, eulex]);
    expect(types()).not.toContain('close');
  });

  describe('dismissing (Escape, the close button)', () => {
    test('closes the open card, which stays shut while the pointer moves on its term', () => {
      const { intent, moveTo, opened, types } = setUp();
      moveTo(kfor);
      vi.advanceTimersByTime(OPEN_DELAY + FRAME_MS);
      intent.dismiss();
      moveTo(kfor); // the hand moves a little, still on the term
      vi.advanceTimersByTime(OPEN_DELAY * 2);
      expect(opened()).toEqual([kfor]);
      expect(types()).toEqual(['pending', 'prepare', 'open', 'close']);
    });

    test('cancels a card still in its delay', () => {
      const { intent, moveTo, opened, types } = setUp();
      moveTo(kfor);
      advanceTo(BETWEEN_DRAWING_AND_SHOWING);
      intent.dismiss();
      moveTo(kfor);
      vi.advanceTimersByTime(OPEN_DELAY * 2);
      expect(opened()).toEqual([]);
      expect(types()).toEqual(['pending', 'prepare', 'discard']);
    });

    test('lasts until the pointer leaves the term: back on it, or on another, cards open again', () => {
      const { intent, moveTo, opened } = setUp();
      moveTo(kfor);
      vi.advanceTimersByTime(OPEN_DELAY + FRAME_MS);
      intent.dismiss();
      moveTo(eulex);
      vi.advanceTimersByTime(OPEN_DELAY + FRAME_MS);
      moveTo(undefined);
      vi.advanceTimersByTime(CLOSE_DELAY);
      moveTo(kfor);
      vi.advanceTimersByTime(OPEN_DELAY + FRAME_MS);
      expect(opened()).toEqual([kfor, eulex, kfor]);
    });

    test('a card opened from the keyboard on the dismissed term is not held back', () => {
      const { intent, moveTo, types } = setUp();
      moveTo(kfor);
      vi.advanceTimersByTime(OPEN_DELAY + FRAME_MS);
      intent.dismiss();
      intent.markOpen(kfor);
      // The pointer leaving closes it as usual.
      moveTo(undefined);
      vi.advanceTimersByTime(CLOSE_DELAY);
      expect(types().at(-1)).toBe('close');
      expect(types().filter((type) => type === 'close')).toHaveLength(2);
    });
  });
});
