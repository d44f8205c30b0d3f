// Live dashboard: figures arrive as server-sent events; charts from charts.json.
// The page is complete without this script; it only keeps the numbers fresh.
(function () {
  "use strict";
  var headline = document.getElementById("headline");
  var state = document.getElementById("live-state");
  if (!headline || !window.EventSource) { return; }

  function setFigures(root, figures) {
    Object.keys(figures).forEach(function (name) {
      var cell = root.querySelector('[data-figure="' + name + '"]');
      if (cell && cell.textContent !== String(figures[name])) {
        cell.textContent = figures[name];
        cell.classList.add("changed");
        setTimeout(function () { cell.classList.remove("changed"); }, 1500);
      }
    });
  }

  var source = new EventSource(headline.dataset.streamUrl);
  source.addEventListener("counters", function (event) {
    var diff = JSON.parse(event.data);
    setFigures(headline, diff.headline || {});
    Object.keys(diff.missions || {}).forEach(function (missionId) {
      var row = document.querySelector('tr[data-mission="' + missionId + '"]');
      if (row) { setFigures(row, diff.missions[missionId]); }
    });
    state.textContent = "Live: updated " + new Date().toLocaleTimeString();
    state.dataset.live = "yes";
  });
  source.addEventListener("open", function () {
    state.textContent = "Live: figures update as events arrive.";
  });
  source.addEventListener("error", function () {
    state.textContent = "Live updates paused; reconnecting…";
  });

  var charts = document.querySelector("[data-charts-url]");
  if (!charts || !window.Chart) { return; }
  fetch(charts.dataset.chartsUrl, { credentials: "same-origin" })
    .then(function (answer) { return answer.json(); })
    .then(function (data) {
      var delivered = data.flows.series.delivered || {};
      new window.Chart(document.getElementById("chart-flows"), {
        type: "line",
        data: {
          labels: data.flows.days,
          datasets: Object.keys(delivered).map(function (missionId) {
            return { label: data.missions[missionId] || missionId, data: delivered[missionId] };
          })
        },
        options: { animation: false }
      });
      var maxDays = 0;
      data.transit.forEach(function (lane) {
        Object.keys(lane.days).forEach(function (d) { maxDays = Math.max(maxDays, +d); });
      });
      var axis = [];
      for (var d = 0; d <= maxDays; d += 1) { axis.push(d); }
      new window.Chart(document.getElementById("chart-transit"), {
        type: "bar",
        data: {
          labels: axis,
          datasets: data.transit.map(function (lane) {
            return { label: lane.lane, data: axis.map(function (d) { return lane.days[d] || 0; }) };
          })
        },
        options: { animation: false }
      });
    });
})();
