/* global setImmediate */
// A simulated clock for benchmarks: replaces Date.now, setTimeout and clearTimeout, and runs the real code in
// virtual time. Time only moves when nothing else can happen: every pending promise is settled (the in-process
// fake server answers without I/O), then the earliest timer fires. Hours of polling take a fraction of a second.
const realSetImmediate = setImmediate;
const realNow = Date.now;
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** Installs the clock at `start` (epoch ms); returns { now, run(promise), uninstall }. */
export function installVirtualClock(start) {
  let now = start;
  let seq = 0;
  const timers = [];
  Date.now = () => now;
  globalThis.setTimeout = (callback, ms = 0, ...args) => {
    const timer = {
      at: now + Math.max(0, Number(ms) || 0),
      seq: seq++,
      callback,
      args,
      cleared: false,
      unref: () => timer,
      ref: () => timer,
      hasRef: () => false,
    };
    timers.push(timer);
    return timer;
  };
  globalThis.clearTimeout = (timer) => {
    if (timer && typeof timer === 'object') timer.cleared = true;
  };
  // Microtasks (and promise chains of any length) all run before a macrotask: two turns settle everything.
  const settle = async () => {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => realSetImmediate(resolve));
  };
  return {
    now: () => now,
    /** Runs virtual time until `promise` settles; throws if nothing is left to happen before it does. */
    async run(promise) {
      let done = false;
      const watched = promise.finally(() => {
        done = true;
      });
      for (;;) {
        await settle();
        if (done) return watched;
        let next = -1;
        for (let i = 0; i < timers.length; i++) {
          const t = timers[i];
          if (t.cleared) continue;
          if (next < 0 || t.at < timers[next].at || (t.at === timers[next].at && t.seq < timers[next].seq))
            next = i;
        }
        if (next < 0) throw new Error('virtual clock: the promise can never settle (no timers left)');
        const [timer] = timers.splice(next, 1);
        // Drop cleared timers now and then so the list stays short.
        if (timers.length > 4096) timers.splice(0, timers.length, ...timers.filter((t) => !t.cleared));
        now = Math.max(now, timer.at);
        timer.callback(...timer.args);
      }
    },
    uninstall() {
      Date.now = realNow;
      globalThis.setTimeout = realSetTimeout;
      globalThis.clearTimeout = realClearTimeout;
    },
  };
}
