// The national summary's bar chart (Chart.js, vendored): the contract amounts by area, read
// from the canvas's data attributes (no inline script: CSP).
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("summary-chart");
    if (!canvas || typeof window.Chart === "undefined") { return; }
    var chart = JSON.parse(canvas.dataset.chart || "{}");
    var labels = chart.labels || [];
    var values = chart.values || [];
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: canvas.dataset.title, data: values, backgroundColor: "#3c6e9f" }] },
      options: { indexAxis: "y", plugins: { legend: { display: false }, title: { display: true, text: canvas.dataset.title } } }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
