// An indicator's history (ECharts): recorded values, the straight-line trajectory from baseline to target, the
// office's yearly targets and the target. The data comes from the page's <script type="application/json"
// id="indicator-chart-data"> block; nothing here builds HTML from it.
(function () {
  "use strict";
  var holder = document.getElementById("indicator-chart");
  var source = document.getElementById("indicator-chart-data");
  if (!holder || !source || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var labels = data.labels;
  var chart = window.echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    aria: { enabled: true },
    animation: false,
    // Drawn inside the chart: ECharts' HTML tooltips carry inline styles, which the page's policy blocks.
    tooltip: { trigger: "axis", renderMode: "richText" },
    // The legend goes below the chart, where it cannot meet the y-axis unit above the plot; its four entries wrap
    // to two lines on a phone (and in English on a narrow card), so the grid leaves them room.
    legend: { bottom: 0, data: [labels.values, labels.trajectory, labels.yearTargets, labels.target] },
    grid: { left: 16, right: 24, top: 32, bottom: holder.clientWidth < 560 ? 56 : 32, containLabel: true },
    xAxis: { type: "category", data: data.years, boundaryGap: false },
    yAxis: { type: "value", name: data.unit },
    series: [
      {
        name: labels.values,
        type: "line",
        data: data.values,
        connectNulls: true,
        symbolSize: 8,
        label: { show: true, position: "top" },
        z: 3
      },
      {
        name: labels.trajectory,
        type: "line",
        data: data.trajectory,
        symbol: "none",
        lineStyle: { type: "dashed", width: 1.5 }
      },
      {
        // The office's yearly targets (年度目标): dashed, with marks, so they read apart from the dotted trajectory.
        name: labels.yearTargets,
        type: "line",
        data: data.yearTargets,
        connectNulls: true,
        symbol: "emptyCircle",
        symbolSize: 6,
        lineStyle: { type: "dashed", width: 2 }
      },
      {
        name: labels.target,
        type: "line",
        data: data.years.map(function (year) { return year === data.targetYear ? data.target : null; }),
        symbol: "diamond",
        symbolSize: 12,
        markLine: {
          silent: true,
          symbol: "none",
          lineStyle: { type: "dotted" },
          label: { position: "insideEndTop", formatter: "{c}" },
          data: [{ yAxis: data.target }]
        }
      }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
