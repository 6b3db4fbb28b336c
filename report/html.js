"use strict";
// Draws the report's charts. Each chart's option is JSON in a data block
// (a script element of type application/json) next to its element: data,
// never code, so nothing from a log can run. This adds no HTML to the page.
(function () {
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var printing = false;
  var drawn = [];

  function draw() {
    drawn.forEach(function (c) { c.dispose(); });
    drawn = [];
    var theme = dark && dark.matches && !printing ? "dark" : null;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var data = document.getElementById(el.id + "-option");
      // A chart whose height follows its content (bars) says so; style
      // set from script is not an inline style attribute the policy refuses.
      if (el.dataset.height) {
        el.style.height = el.dataset.height + "px";
      }
      try {
        var chart = echarts.init(el, theme, { renderer: "canvas" });
        chart.setOption(JSON.parse(data.textContent));
        drawn.push(chart);
      } catch (e) {
        el.textContent = "This chart could not be drawn: " + e;
        console.error("chart " + el.id + ": " + e);
      }
    });
    // The filters (html_filter.js) put their selection back on new charts.
    document.dispatchEvent(new Event("slareport:drawn"));
  }

  draw();
  if (dark && dark.addEventListener) {
    dark.addEventListener("change", draw);
  }
  window.addEventListener("resize", function () {
    drawn.forEach(function (c) { c.resize(); });
  });
  // Print in the light theme at the paper's width.
  window.addEventListener("beforeprint", function () { printing = true; draw(); });
  window.addEventListener("afterprint", function () { printing = false; draw(); });
})();
