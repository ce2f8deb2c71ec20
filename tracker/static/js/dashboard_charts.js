// The dashboard's charts (ECharts): task progress, departments' on-time and overdue items, budgets by department.
// Data comes from the page's <script type="application/json" id="dashboard-chart-data"> block; every bar carries
// the address of the filtered list behind it, and a click opens that list. Nothing here builds HTML from the data.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-chart-data");
  if (!source || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var text = data.text;
  var charts = [];

  function draw(id, option, urlOf) {
    var holder = document.getElementById(id);
    if (!holder) {
      return;
    }
    // A height that depends on the data comes as data-height (pixels): the page's policy forbids inline styles.
    if (holder.dataset.height) {
      holder.style.height = holder.dataset.height + "px";
    }
    var chart = window.echarts.init(holder, null, { renderer: "svg" });
    option.aria = { enabled: true };
    option.animation = false;
    // Tooltips drawn inside the chart: ECharts' HTML tooltips carry inline style attributes, which the
    // page's Content-Security-Policy blocks.
    option.tooltip.renderMode = "richText";
    chart.setOption(option);
    chart.on("click", function (params) {
      var url = urlOf(params);
      if (url) {
        window.location.assign(url);
      }
    });
    holder.style.cursor = "pointer";
    charts.push(chart);
  }

  var tasks = data.tasks;
  draw("chart-tasks", {
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: function (items) {
        var item = items[0];
        // Drawn as text inside the chart (richText, below), never parsed as HTML: the title needs no escaping.
        return tasks.titles[item.dataIndex] + "\n" + item.value + "%";
      }
    },
    grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: "value", min: 0, max: 100, name: text.progress, nameLocation: "middle", nameGap: 22 },
    yAxis: { type: "category", data: tasks.labels, inverse: true, axisTick: { show: false } },
    series: [{
      type: "bar",
      barMaxWidth: 18,
      data: tasks.values.map(function (value, index) {
        return { value: value, itemStyle: tasks.overdue[index] ? { color: "#dc3545" } : undefined };
      }),
      label: { show: true, position: "right", formatter: "{c}%" }
    }]
  }, function (params) { return tasks.urls[params.dataIndex]; });

  var departments = data.departments;
  draw("chart-departments", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0, data: [text.onTime, text.overdue] },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: departments.names, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value", name: text.items, minInterval: 1 },
    series: [
      { name: text.onTime, type: "bar", stack: "open", data: departments.onTime, itemStyle: { color: "#198754" } },
      { name: text.overdue, type: "bar", stack: "open", data: departments.overdue, itemStyle: { color: "#dc3545" } }
    ]
  }, function (params) {
    var urls = params.seriesIndex === 0 ? departments.onTimeUrls : departments.overdueUrls;
    return urls[params.dataIndex];
  });

  var budget = data.budget;
  draw("chart-budget", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0, data: [text.approved, text.allocated, text.spent] },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: budget.names, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value", name: text.wan },
    series: [
      { name: text.approved, type: "bar", data: budget.approved },
      { name: text.allocated, type: "bar", data: budget.allocated },
      { name: text.spent, type: "bar", data: budget.spent }
    ]
  }, function (params) { return budget.urls[params.dataIndex]; });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
