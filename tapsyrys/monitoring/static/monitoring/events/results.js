// The results page's chart (M-6): planned vs the latest actual per indicator and target group.
// Data come from the page's json_script tag "results-data"; labels from the canvas' data-.
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("results-chart");
  var source = document.getElementById("results-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: canvas.dataset.plannedLabel, data: data.planned },
        { label: canvas.dataset.actualLabel, data: data.actual },
      ],
    },
    options: { indexAxis: "y", responsive: true, animation: false },
  });
});
