// Injected into the dashboard page before its scripts run (Playwright addInitScript). Plain
// browser JavaScript on purpose: TypeScript compiled by tsx may reference helpers that do not
// exist in the page. Everything it measures lands on window.__bench; times are epoch ms
// (performance.timeOrigin + performance.now()), comparable with the bench process's clock.
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const bench = {
    expectPods: 0,
    firstCompleteAt: undefined,
    allViewsAt: undefined,
    paints: [],
    lateness: [],
    frames: undefined,
  };
  window.__bench = bench;

  // Paint of a pod's state change: the DOM mutation, then the next frame, then a task queued from
  // that frame's rAF callback, which runs after the frame's style, layout and paint.
  let batch = [];
  const afterPaint = () => {
    const done = batch;
    batch = [];
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      const at = now();
      for (const p of done) bench.paints.push({ pod: p.pod, state: p.state, mutatedAt: p.at, paintedAt: at });
    };
    ch.port2.postMessage(0);
  };
  const observer = new MutationObserver((records) => {
    const at = now();
    const first = batch.length === 0;
    for (const r of records) {
      const el = r.target;
      const pod = el.getAttribute && el.getAttribute("data-pod");
      if (pod) batch.push({ pod, state: el.getAttribute("data-state"), at });
    }
    if (first && batch.length) requestAnimationFrame(afterPaint);
  });
  const observe = () => observer.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
  if (document.documentElement) observe();
  else document.addEventListener("readystatechange", observe, { once: true });

  // Receipt of a stream delta: when the page's "delta" listener runs, minus the churn writer's
  // written-at stamp of each write it carries (the bench serves with ROLLSCOPE_TRACE_ANNOTATIONS,
  // so the stamp travels in the pod's annotations). write → receipt is server, network and the
  // wait for the main thread; receipt → paint is the page's own work.
  bench.receipts = [];
  // The stamp is wall-clock ms with three decimals ("1764…123.456"); the wire may compact the
  // annotation's key away, so the value is matched on its own, within the last two minutes.
  const STAMP = /"(1[0-9]{12}\.[0-9]{3})"/g;
  const addListener = EventSource.prototype.addEventListener;
  EventSource.prototype.addEventListener = function (type, listener, options) {
    if (type !== "delta" || typeof listener !== "function") return addListener.call(this, type, listener, options);
    return addListener.call(
      this,
      type,
      function (ev) {
        const at = now();
        if (typeof ev.data === "string") {
          for (const m of ev.data.matchAll(STAMP)) {
            const behind = at - Number(m[1]);
            if (behind >= -1000 && behind < 120000) bench.receipts.push(behind);
          }
        }
        return listener.call(this, ev);
      },
      options,
    );
  };

  // Canvas lanes draw many pods on one element: after the frame that drew a change they put a
  // performance mark "rollscope:paint" with detail.pods = [[pod, state], ...]. The observer's
  // callback runs as a task after that frame, so its time is after the paint, like afterPaint.
  if (typeof PerformanceObserver === "function") {
    new PerformanceObserver((list) => {
      const at = now();
      for (const e of list.getEntries()) {
        if (e.name !== "rollscope:paint" || !e.detail || !Array.isArray(e.detail.pods)) continue;
        const drawnAt = performance.timeOrigin + e.startTime;
        for (const [pod, state] of e.detail.pods) bench.paints.push({ pod, state, mutatedAt: drawnAt, paintedAt: at });
      }
    }).observe({ type: "mark" });
  }

  // First complete picture (bench/README.md): the screen shows the cluster as it is — the page's
  // pod total (data-pod-total) equals the cluster's, or the page is still computing views (in
  // slices, top of the page first) and its "computing the views" note ([data-views-pending],
  // where the rest will appear) is below the viewport — and every lane in the viewport has drawn
  // all its pods (SVG: its [data-pod] glyphs; canvas: data-drawn, set after the frame that drew
  // them), with no stage in the viewport still a placeholder. Checked once per frame; the frame
  // after which every view is computed and the total equals the cluster's is `allViewsAt`.
  const inViewport = (el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth && r.height > 0;
  };
  const pageTotal = () => {
    let n = 0;
    for (const el of document.querySelectorAll("[data-pod-total]")) n += Number(el.getAttribute("data-pod-total")) || 0;
    return n;
  };
  const laneDrawn = (lane) => {
    const canvas = lane.querySelector("canvas[data-pods]");
    const drawn = canvas ? Number(canvas.getAttribute("data-drawn") || 0) : lane.querySelectorAll("[data-pod]").length;
    return drawn >= Number(lane.getAttribute("data-pods") || 0);
  };
  const pending = () => [...document.querySelectorAll("[data-views-pending]")];
  const allViews = () => bench.expectPods > 0 && pending().length === 0 && pageTotal() === bench.expectPods;
  const complete = () => {
    if (bench.expectPods <= 0) return false;
    // The cheap checks first: this runs every frame, and each rect read may force a layout.
    const computing = pending();
    if (computing.length === 0 ? pageTotal() !== bench.expectPods : computing.some(inViewport)) return false;
    for (const p of document.querySelectorAll(".stage-placeholder")) if (inViewport(p)) return false;
    // The viewport may hold no lane at all (at 5,000 pods the overview of 100 Deployments and
    // Services fills the first screen; all namespaces at cluster scale show summary rows).
    for (const lane of document.querySelectorAll("section.lane[data-pods]")) if (inViewport(lane) && !laneDrawn(lane)) return false;
    return true;
  };
  // What a user does when the first screen holds no lane: scroll the stage in (its anchor is
  // #deployment-<ns>-<name>, on the placeholder and on the drawn stage alike). Returns false when
  // the page has no such stage.
  bench.openStage = (id) => {
    const el = document.getElementById(id);
    if (!el) return false;
    el.scrollIntoView({ block: "start" });
    return true;
  };
  // Every lane in the viewport has drawn all its pods and no placeholder is left there.
  bench.viewDrawn = () => {
    for (const p of document.querySelectorAll(".stage-placeholder")) if (inViewport(p)) return false;
    let lanes = 0;
    for (const lane of document.querySelectorAll("section.lane[data-pods]")) {
      if (!inViewport(lane)) continue;
      if (!laneDrawn(lane)) return false;
      lanes++;
    }
    return lanes > 0;
  };
  bench.drawnLanes = () => [...document.querySelectorAll("section.lane[data-rs]")].map((l) => l.getAttribute("data-rs"));
  const checkComplete = () => {
    if (complete()) {
      requestAnimationFrame(() => {
        bench.firstCompleteAt = now();
      });
      requestAnimationFrame(checkAllViews);
      return;
    }
    requestAnimationFrame(checkComplete);
  };
  const checkAllViews = () => {
    if (allViews()) {
      requestAnimationFrame(() => {
        bench.allViewsAt = now();
      });
      return;
    }
    requestAnimationFrame(checkAllViews);
  };
  requestAnimationFrame(checkComplete);

  // Main-thread responsiveness: how late a 50 ms timer fires (a busy page delays input the same way).
  let expected = now() + 50;
  setInterval(() => {
    const t = now();
    bench.lateness.push(Math.max(0, t - expected));
    if (bench.lateness.length > 20000) bench.lateness.splice(0, 10000);
    expected = t + 50;
  }, 50);

  // Frame rate: rAF timestamps over a window, and every 15th frame how many glyphs moved since
  // the frame before (their transform attribute changed).
  bench.startFrames = () => {
    const f = { stamps: [], moving: [], running: true };
    bench.frames = f;
    let prev;
    let n = 0;
    const snapshot = () => {
      const m = new Map();
      for (const el of document.querySelectorAll("[data-pod]")) m.set(el, el.getAttribute("transform"));
      return m;
    };
    const loop = (ts) => {
      if (!f.running) return;
      f.stamps.push(ts);
      if (prev) {
        let moved = 0;
        for (const [el, tr] of prev) if (el.isConnected && el.getAttribute("transform") !== tr) moved++;
        f.moving.push(moved);
        prev = undefined;
      } else if (n++ % 15 === 0) prev = snapshot();
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  };
  bench.stopFrames = () => {
    const f = bench.frames;
    f.running = false;
    const s = f.stamps;
    const gaps = [];
    for (let i = 1; i < s.length; i++) gaps.push(s[i] - s[i - 1]);
    gaps.sort((a, b) => a - b);
    const seconds = (s[s.length - 1] - s[0]) / 1000;
    const moving = f.moving.length ? f.moving.reduce((a, b) => a + b, 0) / f.moving.length : 0;
    return {
      fps: (s.length - 1) / seconds,
      p95FrameMs: gaps[Math.floor(gaps.length * 0.95)] ?? NaN,
      maxFrameMs: gaps[gaps.length - 1] ?? NaN,
      movingMean: moving,
      movingMin: f.moving.length ? Math.min(...f.moving) : 0,
    };
  };
})();
