/**
 * Which main-thread tasks of a page did the extension cause? Answered from a
 * Chromium trace with the V8 sampling profiler on
 * (`disabled-by-default-v8.cpu_profiler`): a top-level task of the page's
 * main thread belongs to the extension when a profiler sample inside it has
 * a frame of the extension's scripts on its stack, or when it evaluates or
 * calls into one of them. Tasks are counted whole, so the style, layout and
 * garbage collection that our script's work triggers inside the same task
 * count too.
 *
 * A task is the extension's own when the first script it runs is the
 * extension's (its content script evaluated, a message of ours), or, where
 * the trace names no script (our timers' callbacks carry no URL), when most
 * of its sampled time is ours. A page task in which our code also ran (a MutationObserver callback
 * at the end of the page's own task) is not: the page made that task long.
 * For those "shared" tasks only the extension's sampled time inside them is
 * counted, and the longest of them is reported apart, so a page's own long
 * task is never passed off as one the extension caused.
 *
 * This is exact where a with-minus-without difference of whole-page counters
 * is not: the page's own work varies between two loads by more than the
 * extension costs.
 */

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event; wall time is `dur`. */
  tdur?: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      url?: string;
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url?: string; functionName: string };
}

export interface ExtensionAttribution {
  /** Tasks caused by the extension: how many, their total and the longest, in milliseconds of wall time. */
  tasks: number;
  taskMs: number;
  longestTaskMs: number;
  /** The same in thread CPU time, which a busy machine does not stretch. */
  taskCpuMs: number;
  longestTaskCpuMs: number;
  /** Time of profiler samples with the extension's code on the stack (its own script time). */
  scriptMs: number;
  /** Page tasks our code also ran in: how many, the longest (wall), and our sampled time inside them. */
  sharedTasks: number;
  longestSharedTaskMs: number;
  sharedExtensionMs: number;
  /** Trace timestamps (µs) of the longest task in CPU time, to look into it (bench/pages.bench.ts saves traces). */
  longestTaskCpuAt?: number;
}

/**
 * The names a main-thread task's outermost event has in Chromium's trace. Most
 * are ThreadControllerImpl::RunTask, but some (a scheduler.yield or
 * setTimeout continuation, where our decoding and scanning resume) are a bare
 * RunTask with no ThreadControllerImpl::RunTask around them; counting only the
 * first missed those tasks. One can hold the other, so only the outermost counts.
 */
const TOP_LEVEL_TASKS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);
/** Trace sampling runs about every 0.1–0.5 ms; a longer span is a gap, not script time. */
const MAX_SAMPLE_SPAN_US = 2000;

/** Attribution on the renderer main thread where the extension's script ran, or null if it never ran. */
export function attributeToExtension(
  events: readonly TraceEvent[],
  extensionOrigin: string,
): ExtensionAttribution | null {
  const isExtensionUrl = (url: string | undefined) => Boolean(url?.startsWith(extensionOrigin));

  const mainThreads = new Set<string>();
  for (const event of events) {
    if (event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain') {
      mainThreads.add(`${event.pid}:${event.tid}`);
    }
  }

  // Direct marks: evaluating or calling into the content script. All script entries are kept
  // (ours and the page's), to tell whose script a task ran first.
  const directMarks: Array<{ thread: string; ts: number }> = [];
  const scriptEntries = new Map<string, Array<{ ts: number; extension: boolean }>>();
  for (const event of events) {
    if (event.name !== 'EvaluateScript' && event.name !== 'FunctionCall') continue;
    const thread = `${event.pid}:${event.tid}`;
    const extension = isExtensionUrl(event.args?.data?.url);
    if (extension) directMarks.push({ thread, ts: event.ts });
    // A callback of an isolated world's timer is a FunctionCall without a URL: it names no one.
    if (!event.args?.data?.url) continue;
    if (!scriptEntries.has(thread)) scriptEntries.set(thread, []);
    scriptEntries.get(thread)!.push({ ts: event.ts, extension });
  }
  for (const entries of scriptEntries.values()) entries.sort((a, b) => a.ts - b.ts);

  // Profiler samples: each profile belongs to the thread of its 'Profile' event; chunks carry
  // new nodes and samples with time deltas from the previous sample. Profile ids are only
  // unique within a process (every renderer's first is 0x1), so a profile is its process and id.
  const profileThread = new Map<string, string>();
  const profileClock = new Map<string, number>();
  for (const event of events) {
    if (event.name === 'Profile' && event.id !== undefined) {
      const profile = `${event.pid}/${event.id}`;
      profileThread.set(profile, `${event.pid}:${event.tid}`);
      profileClock.set(profile, event.args?.data?.startTime ?? event.ts);
    }
  }
  const extensionNode = new Map<string, Map<number, boolean>>();
  const samples: Array<{ thread: string; ts: number; deltaToNext: number; extension: boolean }> = [];
  const lastSampleOf = new Map<string, (typeof samples)[number]>();
  for (const event of events) {
    if (event.name !== 'ProfileChunk' || event.id === undefined) continue;
    const profile = `${event.pid}/${event.id}`;
    const thread = profileThread.get(profile);
    if (!thread) continue;
    let nodes = extensionNode.get(profile);
    if (!nodes) extensionNode.set(profile, (nodes = new Map()));
    // Parents come before their children in the chunks, so one pass settles each node.
    for (const node of event.args?.data?.cpuProfile?.nodes ?? []) {
      const inherited = node.parent !== undefined && nodes.get(node.parent) === true;
      nodes.set(node.id, inherited || isExtensionUrl(node.callFrame.url));
    }
    const ids = event.args?.data?.cpuProfile?.samples ?? [];
    const deltas = event.args?.data?.timeDeltas ?? [];
    let clock = profileClock.get(profile) ?? 0;
    for (let k = 0; k < ids.length; k++) {
      clock += deltas[k] ?? 0;
      const previous = lastSampleOf.get(profile);
      if (previous) previous.deltaToNext = clock - previous.ts;
      const sample = { thread, ts: clock, deltaToNext: 0, extension: nodes.get(ids[k]!) === true };
      samples.push(sample);
      lastSampleOf.set(profile, sample);
    }
    profileClock.set(profile, clock);
  }

  const extensionSamples = samples.filter((sample) => sample.extension);
  const marks = [...directMarks, ...extensionSamples.map(({ thread, ts }) => ({ thread, ts }))];
  const threads = new Set(marks.map((mark) => mark.thread).filter((thread) => mainThreads.has(thread)));
  if (threads.size === 0) return null;

  const markTimes = new Map<string, number[]>();
  for (const mark of marks) {
    if (!markTimes.has(mark.thread)) markTimes.set(mark.thread, []);
    markTimes.get(mark.thread)!.push(mark.ts);
  }
  for (const times of markTimes.values()) times.sort((a, b) => a - b);
  /** Whether a mark of `thread` falls in [start, end]: a binary search for the first mark at or after start. */
  const hasMark = (thread: string, start: number, end: number) => {
    const times = markTimes.get(thread) ?? [];
    let low = 0;
    let high = times.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (times[middle]! < start) low = middle + 1;
      else high = middle;
    }
    return low < times.length && times[low]! <= end;
  };

  /** Index of the first item of a time-sorted list at or after `start`. */
  const firstAtOrAfter = <T extends { ts: number }>(list: readonly T[], start: number) => {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (list[middle]!.ts < start) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const threadSamples = new Map<string, typeof samples>();
  for (const sample of samples) {
    if (!threadSamples.has(sample.thread)) threadSamples.set(sample.thread, []);
    threadSamples.get(sample.thread)!.push(sample);
  }
  for (const list of threadSamples.values()) list.sort((a, b) => a.ts - b.ts);
  const sampleSpan = (sample: (typeof samples)[number]) => Math.min(sample.deltaToNext, MAX_SAMPLE_SPAN_US);

  let tasks = 0;
  let taskUs = 0;
  let longestUs = 0;
  let taskCpuUs = 0;
  let longestCpuUs = 0;
  let longestCpuAt: number | undefined;
  let sharedTasks = 0;
  let longestSharedUs = 0;
  let sharedExtensionUs = 0;
  for (const event of outermostTasks(events)) {
    const thread = `${event.pid}:${event.tid}`;
    const end = event.ts + event.dur;
    if (!threads.has(thread) || !hasMark(thread, event.ts, end)) continue;
    const entries = scriptEntries.get(thread) ?? [];
    const firstEntry = entries[firstAtOrAfter(entries, event.ts)];
    let ownUs = 0;
    let sampledUs = 0;
    const list = threadSamples.get(thread) ?? [];
    for (let k = firstAtOrAfter(list, event.ts); k < list.length && list[k]!.ts <= end; k++) {
      sampledUs += sampleSpan(list[k]!);
      if (list[k]!.extension) ownUs += sampleSpan(list[k]!);
    }
    const ours = firstEntry && firstEntry.ts <= end ? firstEntry.extension : sampledUs > 0 && ownUs * 2 >= sampledUs;
    if (!ours) {
      sharedTasks++;
      longestSharedUs = Math.max(longestSharedUs, event.dur);
      sharedExtensionUs += ownUs;
      continue;
    }
    tasks++;
    taskUs += event.dur;
    longestUs = Math.max(longestUs, event.dur);
    const cpu = event.tdur ?? event.dur;
    taskCpuUs += cpu;
    if (cpu > longestCpuUs) longestCpuAt = event.ts;
    longestCpuUs = Math.max(longestCpuUs, cpu);
  }
  // A sample stands for the time until the next one, but not across a gap in sampling (the
  // sampler thread starved on a busy machine, or the thread idle): that much is capped.
  const scriptUs = extensionSamples
    .filter((sample) => threads.has(sample.thread))
    .reduce((sum, sample) => sum + Math.min(sample.deltaToNext, MAX_SAMPLE_SPAN_US), 0);
  return {
    tasks,
    taskMs: taskUs / 1000,
    longestTaskMs: longestUs / 1000,
    taskCpuMs: taskCpuUs / 1000,
    longestTaskCpuMs: longestCpuUs / 1000,
    scriptMs: scriptUs / 1000,
    sharedTasks,
    longestSharedTaskMs: longestSharedUs / 1000,
    sharedExtensionMs: sharedExtensionUs / 1000,
    longestTaskCpuAt: longestCpuAt,
  };
}

/** The main-thread tasks (TOP_LEVEL_TASKS) not inside another one, of every thread. */
function outermostTasks(events: readonly TraceEvent[]): Array<TraceEvent & { dur: number }> {
  const tasks = events
    .filter(
      (event): event is TraceEvent & { dur: number } =>
        TOP_LEVEL_TASKS.has(event.name) && event.ph === 'X' && event.dur !== undefined,
    )
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const openUntil = new Map<string, number>();
  return tasks.filter((task) => {
    const thread = `${task.pid}:${task.tid}`;
    if (task.ts < (openUntil.get(thread) ?? -Infinity)) return false;
    openUntil.set(thread, task.ts + task.dur);
    return true;
  });
}
