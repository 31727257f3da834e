/* minis-py audit: the measurements in a Mini's page (issue 33), added by the audit ahead of the page's own scripts
 * (Playwright's init script), in the top frame only. The browser measures; this keeps what it reports:
 *
 * - paint: the Paint Timing API's first-paint and first-contentful-paint entries (PerformanceObserver 'paint');
 * - long tasks: the Long Tasks API's entries (main-thread tasks of 50 ms or more), for time to interactive;
 * - DOMContentLoaded and load: read from the navigation entry when the audit asks.
 *
 * Time to interactive is computed by the audit from these and the page's requests (minis_cli/audit/page.py).
 * Nothing of the page changes.
 */
(function () {
  'use strict';
  if (window.top !== window || window.__minisAudit) return;
  var A = { paint: null, fcp: null, longTasks: [], waiting: [] };
  Object.defineProperty(window, '__minisAudit', { value: A, enumerable: false });
  // the audit's wait for the first contentful paint and DOMContentLoaded's end (page.py UNTIL_PAINTED): told of each
  function tell() { A.waiting.forEach(function (each) { each(); }); }
  document.addEventListener('DOMContentLoaded', function () { setTimeout(tell, 0); });  // after its handlers: its end is set
  function observe(type, each) {
    try {
      new PerformanceObserver(function (list) { list.getEntries().forEach(each); }).observe({ type: type, buffered: true });
    } catch (e) { /* an engine without it: the audit says what it could not measure */ }
  }
  observe('paint', function (entry) {
    if (entry.name === 'first-paint') A.paint = entry.startTime;
    else if (entry.name === 'first-contentful-paint') { A.fcp = entry.startTime; tell(); }
  });
  observe('longtask', function (entry) {
    if (A.longTasks.length < 1000) A.longTasks.push([entry.startTime, entry.duration]);
  });
})();
