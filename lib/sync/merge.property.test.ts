/**
 * Simulated devices sharing one storage.sync area, in any interleaving of
 * edits, deletions, restarts, pushes and (possibly stale) deliveries: once
 * every device has pulled and pushed until nothing changes, all hold the same
 * notes, and no text that was a device's latest is lost unless another device
 * saw it and changed or deleted it afterwards.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeItems } from './items';
import { planItems } from './plan';
import { mergeRemote, writesFor } from './reconcile';
import {
  compareVectors,
  isRecordKey,
  isTombstone,
  nextVersion,
  noteKey,
  type NoteBody,
  type SyncRecord,
} from './records';

const NOW = Date.UTC(2026, 11, 4);

class Area {
  items = new Map<string, unknown>();
  /** Every value each key ever held: a delivery may bring an old one. */
  history = new Map<string, unknown[]>();
  apply(set: Record<string, unknown>, remove: string[]) {
    for (const [key, value] of Object.entries(set)) {
      this.items.set(key, value);
      this.history.set(key, [...(this.history.get(key) ?? []), value]);
    }
    for (const key of remove) this.items.delete(key);
  }
}

class Device {
  /** What the engine persists: the sync records of every key this device knows. A restart keeps exactly this. */
  records = new Map<string, SyncRecord>();
  constructor(
    readonly id: string,
    private readonly area: Area,
  ) {}

  edit(note: number, text: string, time: number) {
    const key = noteKey(`note-${note}`);
    const previous = this.records.get(key);
    const created = previous && !isTombstone(previous) ? (previous.body as NoteBody).c : time;
    this.records.set(key, { key, ...nextVersion(previous, this.id, time), body: { e: 'kfor', x: text, c: created } });
  }

  delete(note: number, time: number) {
    const key = noteKey(`note-${note}`);
    const previous = this.records.get(key);
    if (!previous || isTombstone(previous)) return;
    this.records.set(key, { key, ...nextVersion(previous, this.id, time) });
  }

  restart(): Device {
    const fresh = new Device(this.id, this.area);
    fresh.records = new Map(structuredClone([...this.records]));
    return fresh;
  }

  /** Reads the area; with `staleness`, some keys deliver an older value than the current one. */
  pull(staleness: number[] = []) {
    const view: Record<string, unknown> = {};
    let i = 0;
    for (const [key, value] of this.area.items) {
      const past = this.area.history.get(key) ?? [value];
      const back = staleness[i++ % Math.max(staleness.length, 1)] ?? 0;
      view[key] = past[Math.max(0, past.length - 1 - back)];
    }
    const decoded = decodeItems(view, isRecordKey);
    for (const record of mergeRemote(this.records, decoded.records)) this.records.set(record.key, record);
  }

  push() {
    const plan = planItems([...this.records.values()], NOW);
    expect(plan.leftOut).toEqual([]);
    const writes = writesFor(Object.fromEntries(this.area.items), plan, new Set(this.records.keys()));
    this.area.apply(writes.set, writes.remove);
  }

  liveNotes(): Record<string, string> {
    return Object.fromEntries(
      [...this.records.values()]
        .filter((record) => !isTombstone(record))
        .map((record) => [record.key, (record.body as NoteBody).x]),
    );
  }
}

type Step =
  | { kind: 'edit'; device: number; note: number; text: string }
  | { kind: 'delete'; device: number; note: number }
  | { kind: 'restart'; device: number }
  | { kind: 'push'; device: number }
  | { kind: 'pull'; device: number; staleness: number[] };

const step = (devices: number): fc.Arbitrary<Step> => {
  const device = fc.integer({ min: 0, max: devices - 1 });
  const note = fc.integer({ min: 0, max: 2 });
  return fc.oneof(
    fc.record({ kind: fc.constant('edit' as const), device, note, text: fc.constantFrom('a', 'b', 'c', 'dé', '"q"') }),
    fc.record({ kind: fc.constant('delete' as const), device, note }),
    fc.record({ kind: fc.constant('restart' as const), device }),
    fc.record({ kind: fc.constant('push' as const), device }),
    fc.record({
      kind: fc.constant('pull' as const),
      device,
      staleness: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }),
    }),
  );
};

function run(deviceCount: number, steps: Step[], clockSkews: number[]) {
  const area = new Area();
  let devices = Array.from({ length: deviceCount }, (_, i) => new Device(`dev${i}`, area));
  steps.forEach((s, i) => {
    // Clocks may disagree between devices: convergence must not depend on them.
    const time = NOW - 1000 + i + (clockSkews[s.device] ?? 0);
    const device = devices[s.device]!;
    if (s.kind === 'edit') device.edit(s.note, `${s.text}${i}`, time);
    else if (s.kind === 'delete') device.delete(s.note, time);
    else if (s.kind === 'restart') devices = devices.map((d, j) => (j === s.device ? d.restart() : d));
    else if (s.kind === 'push') device.push();
    else device.pull(s.staleness);
  });

  const latest = devices.map((device) => new Map(device.records));
  for (let round = 0; round < 20; round++) {
    const before = JSON.stringify([...area.items]);
    for (const device of devices) {
      device.pull();
      device.push();
    }
    if (JSON.stringify([...area.items]) === before && round > 0) break;
  }
  return { devices, area, latest };
}

describe('sync merge', () => {
  test.each([2, 3])('%i devices converge and keep every latest edit', (deviceCount) => {
    fc.assert(
      fc.property(
        fc.array(step(deviceCount), { maxLength: 40 }),
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 3, maxLength: 3 }),
        (steps, skews) => {
          const { devices, area, latest } = run(deviceCount, steps, skews);
          const [first] = devices as [Device, ...Device[]];
          const final = first.liveNotes();
          for (const device of devices) expect(device.liveNotes()).toEqual(final);
          const inArea = decodeItems(Object.fromEntries(area.items), isRecordKey).records;
          expect(Object.fromEntries(inArea.map((r) => [r.key, r.body && (r.body as NoteBody).x]))).toEqual(
            Object.fromEntries([...first.records.values()].map((r) => [r.key, r.body && (r.body as NoteBody).x])),
          );

          const surviving = new Set(Object.values(final));
          latest.forEach((records) => {
            for (const record of records.values()) {
              if (isTombstone(record)) continue;
              const seenAndChanged = latest.some((other) => {
                const later = other.get(record.key);
                return later !== undefined && compareVectors(later.vv, record.vv) === 'after';
              });
              if (!seenAndChanged) expect(surviving).toContain((record.body as NoteBody).x);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
