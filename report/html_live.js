"use strict";
// Keeps a live report where its reader left it. The page is replaced at
// every interval (a refresh, or a server's event): the scroll position is
// kept in sessionStorage across the reload. With a server, its events
// reload the page and the timer is not used. Nothing here reads the log.
(function () {
  var key = "slareport-scroll:" + location.pathname;
  try {
    var y = sessionStorage.getItem(key);
    if (y !== null) {
      window.scrollTo(0, Number(y));
    }
  } catch (e) {}
  function keep() {
    try {
      sessionStorage.setItem(key, String(window.scrollY));
    } catch (e) {}
  }
  window.addEventListener("pagehide", keep);
  window.addEventListener("beforeunload", keep);
  var src = document.documentElement.getAttribute("data-events");
  if (src && window.EventSource) {
    var events = new EventSource(src);
    events.addEventListener("report", function () {
      keep();
      location.reload();
    });
  }
})();
