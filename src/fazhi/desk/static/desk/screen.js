/* The command screen: draw the charts from the embedded data, refresh every 60 s. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script.getAttribute("data-url");
  var data = JSON.parse(document.getElementById("screen-data").textContent);
  var charts = {};
  var ink = "#e8eef6";
  var grid = "rgba(232,238,246,0.15)";

  function get(obj, path) {
    return path.split(".").reduce(function (o, k) { return o == null ? o : o[k]; }, obj);
  }

  function text(el, value) { el.textContent = value == null ? "—" : String(value); }

  function draw(d) {
    if (typeof Chart === "undefined") { return; }
    Chart.defaults.color = ink;
    Chart.defaults.font.size = 16;
    if (!charts.daily) {
      charts.daily = new Chart(document.getElementById("c-daily"), {
        type: "bar",
        data: { labels: [], datasets: [{ label: "来电量（件）", data: [], backgroundColor: "#4ea1ff" }] },
        options: { animation: false, maintainAspectRatio: false,
          scales: { x: { grid: { color: grid } }, y: { beginAtZero: true, grid: { color: grid } } } }
      });
    }
    charts.daily.data.labels = d.daily.labels;
    charts.daily.data.datasets[0].data = d.daily.values;
    charts.daily.update();
    if (!charts.monthly) {
      charts.monthly = new Chart(document.getElementById("c-monthly"), {
        data: { labels: [], datasets: [
          { type: "bar", label: "来电量（件，左轴）", data: [], backgroundColor: "rgba(78,161,255,0.55)", yAxisID: "y" },
          { type: "line", label: "响应率 %（实线、圆点，右轴）", data: [], borderColor: "#ffd166", pointStyle: "circle", pointRadius: 5, yAxisID: "p" },
          { type: "line", label: "满意率 %（虚线、三角，右轴）", data: [], borderColor: "#6ee7b7", borderDash: [8, 6], pointStyle: "triangle", pointRadius: 7, yAxisID: "p" }
        ] },
        options: { animation: false, maintainAspectRatio: false,
          plugins: { legend: { labels: { usePointStyle: true } } },
          scales: { x: { grid: { color: grid } },
            y: { beginAtZero: true, position: "left", grid: { color: grid } },
            p: { min: 0, max: 100, position: "right", grid: { drawOnChartArea: false } } } }
      });
    }
    charts.monthly.data.labels = d.monthly.labels;
    charts.monthly.data.datasets[0].data = d.monthly.calls;
    charts.monthly.data.datasets[1].data = d.monthly.response;
    charts.monthly.data.datasets[2].data = d.monthly.satisfaction;
    charts.monthly.update();
  }

  function fill(d) {
    document.querySelectorAll("[data-k]").forEach(function (el) { text(el, get(d, el.getAttribute("data-k"))); });
    text(document.getElementById("s-now"), d.now);
    var body = document.querySelector("#s-units tbody");
    body.textContent = "";
    d.units.forEach(function (u) {
      var tr = document.createElement("tr");
      [u.unit, u.open, u.overdue ? "⚠ " + u.overdue : "0"].forEach(function (v) {
        var td = document.createElement("td"); td.textContent = v; tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    var hot = document.getElementById("s-hot");
    hot.textContent = "";
    d.hot.forEach(function (h) {
      var li = document.createElement("li");
      var arrow = h.trend > 0 ? "▲ +" + h.trend : (h.trend < 0 ? "▼ " + h.trend : "＝");
      li.textContent = h.title + "　" + h.unit + "　" + h.size + "件　" + arrow;
      hot.appendChild(li);
    });
    draw(d);
  }

  draw(data);
  setInterval(function () {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d) { fill(d); } })
      .catch(function () { /* keep the last figures; try again in 60 s */ });
  }, 60000);
})();
