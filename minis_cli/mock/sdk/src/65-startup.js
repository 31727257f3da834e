  // --- the last load's startup, for the simulator (issue 33) ------------------------------------------------
  // A page framed by the simulator reports what the browser measured of its load: first contentful paint,
  // DOMContentLoaded, long tasks and its own requests (not the mock's), once it has been quiet for half a second
  // (or 20 s after the navigation), with sendBeacon to POST /_mock/startup. The mock computes time to interactive
  // from them, as `minis-py audit` does (minis_cli/mock/startup.py); the simulator shows both. A native game's
  // host page is not the game: it reports nothing here.
  (function reportStartup() {
    if (FLAVOR === 'native' || window.top === window || typeof PerformanceObserver === 'undefined' || !navigator.sendBeacon) return;
    var fcp = null, longTasks = [], sent = false;
    try {
      new PerformanceObserver(function (list) {
        list.getEntries().forEach(function (e) { if (e.name === 'first-contentful-paint') fcp = e.startTime; });
      }).observe({ type: 'paint', buffered: true });
      new PerformanceObserver(function (list) {
        list.getEntries().forEach(function (e) { if (longTasks.length < 1000) longTasks.push([e.startTime, e.duration]); });
      }).observe({ type: 'longtask', buffered: true });
    } catch (e) { return; }
    function own(entry) { return entry.name.indexOf(ORIGIN + '/') !== 0 && entry.name.indexOf('data:') !== 0; }
    function check() {
      if (sent) return;
      var now = performance.now(), nav = performance.getEntriesByType('navigation')[0];
      var dcl = nav && nav.domContentLoadedEventEnd ? nav.domContentLoadedEventEnd : null;
      var requests = performance.getEntriesByType('resource').filter(own).map(function (e) { return [e.startTime, e.responseEnd]; });
      var busy = Math.max(fcp || 0, dcl || 0);
      longTasks.forEach(function (t) { busy = Math.max(busy, t[0] + t[1]); });
      requests.forEach(function (r) { busy = Math.max(busy, r[1]); });
      if ((fcp === null || dcl === null || now - busy < 500) && now < 20000) { setTimeout(check, 250); return; }
      sent = true;
      var report = { page: location.pathname, fcp: fcp, dcl: dcl, longTasks: longTasks, requests: requests, now: now };
      try { navigator.sendBeacon(ORIGIN + '/_mock/startup', new Blob([JSON.stringify(report)], { type: 'text/plain' })); } catch (e) { /* best effort */ }
    }
    setTimeout(check, 250);
  })();

