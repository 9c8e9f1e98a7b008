// The NGO rating's history (E-8): one line per component and the rating, per year (0-100).
// Data come from the page's json_script tag "rating-data"; labels from the canvas' data-.
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("rating-chart");
  var source = document.getElementById("rating-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var series = [
    ["score", canvas.dataset.scoreLabel, 3],
    ["timeliness", canvas.dataset.timelinessLabel, 1],
    ["completeness", canvas.dataset.completenessLabel, 1],
    ["effectiveness", canvas.dataset.effectivenessLabel, 1],
    ["sustainability", canvas.dataset.sustainabilityLabel, 1],
    ["long_term_effect", canvas.dataset.longTermEffectLabel, 1],
  ];
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.years,
      datasets: series.map(function (s) {
        return {
          label: s[1], data: data[s[0]], borderWidth: s[2], pointRadius: 4, spanGaps: true,
        };
      }),
    },
    options: {
      responsive: true,
      aspectRatio: 3, // wide and low: the years run across
      animation: false,
      // offset: a single year sits in the middle, not on the axis
      scales: { x: { offset: true }, y: { min: 0, max: 100 } },
    },
  });
});
