/**
 * The double-array trie builder (the layout is described in tables.ts):
 * aliases go in unit by unit, and `pack` places the nodes into the flat
 * arrays the scan walks. Build side only: a page receives the packed arrays
 * and never loads this file.
 */
import { BASE, CELLS, CHECK, KEY, ROOT_CHECK, TAIL_HEADER, type PackedTrie } from './tables';

/** A slot no node uses yet. */
const FREE = -1;
/** A free slot taken out of the free list. */
const UNLISTED = -2;
/** Failed searches after which a free slot leaves the free list. */
const MAX_TRIALS = 16;
/** A tail's length is one unit of its header. */
const MAX_TAIL = 0xffff;
/** Nodes placed between two pauses of a sliced build. */
export const NODES_PER_STEP = 2048;

/**
 * The trie while aliases are added: children as linked lists in typed arrays,
 * which costs no allocation per node. `pack` turns it into the double array.
 */
export class TrieBuilder {
  /** The root has most children, so its lookup while building is a map. */
  private readonly rootChildren = new Map<number, number>();
  nodeCount = 1;
  private firstChild = new Int32Array(1024);
  private nextSibling = new Int32Array(1024);
  private unitInto = new Int32Array(1024);
  /** Node -> index of what it accepts, or -1. */
  private acceptance = new Int32Array(1024).fill(-1);

  acceptanceAt(node: number): number {
    return this.acceptance[node]!;
  }

  setAcceptance(node: number, index: number): void {
    this.acceptance[node] = index;
  }

  /** The node reached from `parent` by `unit`, created if missing. */
  child(parent: number, unit: number): number {
    if (parent === 0) {
      let node = this.rootChildren.get(unit);
      if (node === undefined) {
        node = this.createNode(unit);
        this.rootChildren.set(unit, node);
        this.nextSibling[node] = this.firstChild[0]!;
        this.firstChild[0] = node;
      }
      return node;
    }
    let last = 0;
    for (let node = this.firstChild[parent]!; node !== 0; node = this.nextSibling[node]!) {
      if (this.unitInto[node] === unit) return node;
      last = node;
    }
    const node = this.createNode(unit);
    if (last === 0) this.firstChild[parent] = node;
    else this.nextSibling[last] = node;
    return node;
  }

  private createNode(unit: number): number {
    if (this.nodeCount === this.unitInto.length) {
      const grow = (array: Int32Array) => {
        const grown = new Int32Array(array.length * 2);
        grown.set(array);
        return grown;
      };
      this.firstChild = grow(this.firstChild);
      this.nextSibling = grow(this.nextSibling);
      this.unitInto = grow(this.unitInto);
      this.acceptance = grow(this.acceptance);
      this.acceptance.fill(-1, this.nodeCount);
    }
    const node = this.nodeCount++;
    this.unitInto[node] = unit;
    return node;
  }

  /** Places the nodes breadth first, each at the first base where all its children's slots are free. */
  *pack(): Generator<void, PackedTrie> {
    const { nodeCount, firstChild, nextSibling, unitInto, acceptance } = this;
    let maxUnit = 0;
    for (let node = 1; node < nodeCount; node++) if (unitInto[node]! > maxUnit) maxUnit = unitInto[node]!;
    const codeOf = new Uint16Array(maxUnit + 1);
    let alphabetSize = 0;
    for (let node = 1; node < nodeCount; node++) {
      if (codeOf[unitInto[node]!] === 0) codeOf[unitInto[node]!] = ++alphabetSize;
    }

    // Node -> how many units hang below it as a tail (a chain whose only key is at its leaf), or -1.
    // Children are created after their parents, so one pass from the last node up sees them first.
    const chain = new Int32Array(nodeCount);
    let tailUnits = 0;
    let slotCount = 1;
    yield;
    for (let node = nodeCount - 1; node >= 0; node--) {
      if (node % (NODES_PER_STEP * 8) === 0) yield;
      const child = firstChild[node]!;
      if (child === 0) continue;
      if (nextSibling[child] === 0) {
        const below = chain[child]!;
        const isLeaf = firstChild[child] === 0;
        chain[node] = (isLeaf || (acceptance[child]! < 0 && below > 0)) && below < MAX_TAIL ? below + 1 : -1;
      } else {
        chain[node] = -1;
      }
      if (chain[node]! > 0) continue;
      for (let next = child; next !== 0; next = nextSibling[next]!) {
        slotCount++;
        if (chain[next]! > 0) tailUnits += TAIL_HEADER + chain[next]!;
      }
    }
    if (chain[0]! > 0) tailUnits += TAIL_HEADER + chain[0]!;
    yield;
    const tails = new Uint16Array(tailUnits);
    let tailsEnd = 0;

    let capacity = 64;
    while (capacity < slotCount + 2 * alphabetSize + 1) capacity *= 2;
    let cells = new Int32Array(capacity * CELLS).fill(FREE);
    // Free slots in a linked list, so the search for a base skips the occupied ones. A slot that
    // many searches have tried in vain leaves the list (it stays free for any code but a lowest one),
    // or the holes between placed nodes would make every search longer.
    let nextFree = new Int32Array(capacity);
    let previousFree = new Int32Array(capacity);
    let trials = new Uint8Array(capacity);
    let firstFree = -1;
    let lastFree = -1;
    const addFreeSlots = (from: number, to: number) => {
      for (let slot = from; slot < to; slot++) {
        previousFree[slot] = lastFree;
        nextFree[slot] = -1;
        if (lastFree >= 0) nextFree[lastFree] = slot;
        else firstFree = slot;
        lastFree = slot;
      }
    };
    const ensureCapacity = (slots: number) => {
      if (slots <= capacity) return;
      const oldCapacity = capacity;
      while (capacity < slots) capacity *= 2;
      const grow = (array: Int32Array, size: number) => {
        const grown = new Int32Array(size);
        grown.set(array);
        return grown;
      };
      cells = grow(cells, capacity * CELLS);
      cells.fill(FREE, oldCapacity * CELLS);
      nextFree = grow(nextFree, capacity);
      previousFree = grow(previousFree, capacity);
      const grownTrials = new Uint8Array(capacity);
      grownTrials.set(trials);
      trials = grownTrials;
      addFreeSlots(oldCapacity, capacity);
    };
    const take = (slot: number) => {
      const previous = previousFree[slot]!;
      if (previous === UNLISTED) return;
      previousFree[slot] = UNLISTED;
      const next = nextFree[slot]!;
      if (previous >= 0) nextFree[previous] = next;
      else firstFree = next;
      if (next >= 0) previousFree[next] = previous;
      else lastFree = previous;
    };
    addFreeSlots(1, capacity);
    const slotOf = new Int32Array(nodeCount);
    const queue = new Int32Array(nodeCount);
    let queueEnd = 1;
    cells[CHECK] = ROOT_CHECK;
    let maxBase = 0;
    const childCodes: number[] = [];
    const childNodes: number[] = [];
    const fitsAt = (base: number) => {
      for (const code of childCodes) {
        const slot = base + code;
        if (slot < capacity && cells[slot * CELLS + CHECK] !== FREE) return false;
      }
      return true;
    };
    for (let head = 0, levelEnd = 1; head < queueEnd; head++) {
      if (head % NODES_PER_STEP === NODES_PER_STEP - 1) yield;
      if (head === levelEnd) {
        // A level in node order reads the builder's arrays front to back instead of all over.
        queue.subarray(head, queueEnd).sort();
        levelEnd = queueEnd;
      }
      const node = queue[head]!;
      const at = slotOf[node]! * CELLS;
      const tailLength = chain[node]!;
      if (tailLength > 0) {
        cells[at + BASE] = -1 - tailsEnd;
        let leaf = node;
        for (let k = 0; k < tailLength; k++) {
          leaf = firstChild[leaf]!;
          tails[tailsEnd + TAIL_HEADER + k] = unitInto[leaf]!;
        }
        const key = acceptance[leaf]!;
        tails[tailsEnd] = tailLength;
        tails[tailsEnd + 1] = key >>> 16;
        tails[tailsEnd + 2] = key & 0xffff;
        tailsEnd += TAIL_HEADER + tailLength;
        continue;
      }
      childCodes.length = 0;
      childNodes.length = 0;
      for (let child = firstChild[node]!; child !== 0; child = nextSibling[child]!) {
        // Insertion sort by code: most nodes have one child, a few dozen at most.
        const code = codeOf[unitInto[child]!]!;
        let k = childCodes.length;
        childCodes.push(code);
        childNodes.push(child);
        for (; k > 0 && childCodes[k - 1]! > code; k--) {
          childCodes[k] = childCodes[k - 1]!;
          childNodes[k] = childNodes[k - 1]!;
        }
        childCodes[k] = code;
        childNodes[k] = child;
      }
      if (childCodes.length === 0) {
        cells[at + BASE] = 0;
        continue;
      }
      const lowestCode = childCodes[0]!;
      // Past the last slot everything is free, so the search always ends.
      let base = Math.max(capacity - lowestCode, 1);
      for (let free = firstFree; free >= 0;) {
        const next = nextFree[free]!;
        if (free - lowestCode >= 1 && fitsAt(free - lowestCode)) {
          base = free - lowestCode;
          break;
        }
        if (++trials[free]! > MAX_TRIALS) take(free);
        free = next;
      }
      ensureCapacity(base + alphabetSize + 1);
      cells[at + BASE] = base;
      if (base > maxBase) maxBase = base;
      for (let k = 0; k < childCodes.length; k++) {
        const slot = base + childCodes[k]!;
        const child = childNodes[k]!;
        take(slot);
        cells[slot * CELLS + CHECK] = at;
        cells[slot * CELLS + KEY] = acceptance[child]!;
        slotOf[child] = slot;
        queue[queueEnd++] = child;
      }
    }
    // Every step reads slot base + code for a code up to alphabetSize, so the array reaches past the last base by that much.
    let used = maxBase + alphabetSize + 1;
    for (let slot = capacity - 1; slot >= used; slot--) {
      if (cells[slot * CELLS + CHECK] !== FREE) {
        used = slot + 1;
        break;
      }
    }
    return { codeOf, cells: cells.slice(0, used * CELLS), tails };
  }
}
