// The plan's timeline (Gantt chart) drawn with the vendored ECharts: one row per work item in plan order, a bar
// from start to due date coloured by status with the done share darker, the descendants' span as a thin bar on a
// parent without dates of its own, markers for reviews and yearly milestones, today's line and the plan period.
// Data comes from <script type="application/json" id="timeline-data">, words from the chart's data-text-*
// attributes (translated by the server). Nothing here builds HTML from the data; tooltips are drawn as text.
(function () {
  "use strict";
  var holder = document.getElementById("timeline-chart");
  var source = document.getElementById("timeline-data");
  if (!holder || !source || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var rows = data.rows;
  var text = holder.dataset;
  var DAY = 86400000;
  // The app's status badge colours (Bootstrap: secondary, primary, warning, danger, success, dark).
  var COLORS = {
    not_started: "#6c757d",
    in_progress: "#0d6efd",
    at_risk: "#ffc107",
    delayed: "#dc3545",
    completed: "#198754",
    suspended: "#212529"
  };
  var DECISION_COLORS = { acknowledged: "#6c757d", follow_up: "#fd7e14", escalated: "#dc3545", closed: "#198754" };
  var OVERDUE = "#dc3545";
  // A yearly milestone's diamond by its state (the item page's: tracker.plan.milestones.milestone_state): reached
  // green, missed a hollow dark red, behind red, not yet due (or a deliverable alone, nothing to compare) grey.
  var MILESTONE_STYLES = {
    reached: { color: "#198754", borderColor: "#fff", borderWidth: 1 },
    missed: { color: "#fff", borderColor: "#842029", borderWidth: 2 },
    behind: { color: OVERDUE, borderColor: "#fff", borderWidth: 1 },
    not_due: { color: "#6c757d", borderColor: "#fff", borderWidth: 1 },
    unmeasured: { color: "#adb5bd", borderColor: "#fff", borderWidth: 1 }
  };
  var ROW_HEIGHT = 24;
  var MONTH = 30 * DAY;
  var collapsed = {};
  var mode = "years";
  var chart = window.echarts.init(holder, null, { renderer: "canvas" });

  function day(iso) {
    return Date.parse(iso + "T00:00:00");
  }

  function narrow() {
    return holder.clientWidth < 576;
  }

  // The rows shown: a row is hidden when any ancestor is folded (rows come in plan order, parents first).
  function visibleRows() {
    var hidden = [];
    var shown = [];
    rows.forEach(function (row, index) {
      var parent = row.parent;
      hidden[index] = parent >= 0 && (hidden[parent] || collapsed[parent]);
      if (!hidden[index]) {
        shown.push(index);
      }
    });
    return shown;
  }

  function rowLabel(index) {
    var row = rows[index];
    var mark = row.hasChildren ? (collapsed[index] ? "▸ " : "▾ ") : "  ";
    // One space per level on a phone, where the label column is narrow.
    return new Array(row.depth + 1).join(narrow() ? " " : "  ") + mark + (row.no ? row.no + " " : "") + row.title;
  }

  function barTooltip(row) {
    var lines = [(row.no ? row.no + " " : "") + row.title, row.kind + " · " + row.statusLabel];
    if (row.department) {
      lines.push(text.textDepartment + "：" + row.department);
    }
    lines.push(text.textStart + "：" + (row.start || "—") + "  " + text.textDue + "：" + (row.due || "—"));
    lines.push(text.textProgress + "：" + row.progress + "%");
    if (row.overdue) {
      lines.push("! " + text.textOverdue);
    }
    return lines.join("\n");
  }

  function seriesData(shown) {
    var bars = [];
    var spans = [];
    var markers = [];
    shown.forEach(function (index, y) {
      var row = rows[index];
      if (row.bar) {
        // A due date is the last day of the work: the bar ends at the end of that day.
        bars.push([y, day(row.start), day(row.due) + DAY, index]);
      } else if (row.summary) {
        spans.push([y, day(row.summary[0]), day(row.summary[1]) + DAY, index]);
      }
      row.markers.forEach(function (marker) {
        var point = { value: [day(marker.date), y], index: index, text: row.title + "\n" + marker.text };
        if (marker.type === "milestone") {
          point.value[0] += DAY; // the end of 31 December
          point.symbol = "diamond";
          point.symbolSize = 11;
          point.itemStyle = MILESTONE_STYLES[marker.state] || MILESTONE_STYLES.not_due;
        } else if (marker.type === "extension") {
          point.symbol = "triangle";
          point.symbolRotate = 180;
          point.symbolSize = 10;
          point.itemStyle = { color: "#0dcaf0", borderColor: "#055160", borderWidth: 1 };
          if (marker.oldDue && marker.oldDue !== "—") {
            markers.push({
              value: [day(marker.oldDue) + DAY, y],
              index: index,
              text: row.title + "\n" + text.textOriginalDue + "：" + marker.oldDue,
              symbol: "rect",
              symbolSize: [2, 14],
              itemStyle: { color: "#495057" }
            });
          }
        } else {
          point.symbol = "circle";
          point.symbolSize = 7;
          point.itemStyle = { color: DECISION_COLORS[marker.outcome] || "#6c757d", borderColor: "#fff", borderWidth: 1 };
        }
        markers.push(point);
      });
    });
    return { bars: bars, spans: spans, markers: markers };
  }

  function clip(shape, params) {
    return window.echarts.graphic.clipRectByRect(shape, {
      x: params.coordSys.x,
      y: params.coordSys.y,
      width: params.coordSys.width,
      height: params.coordSys.height
    });
  }

  function renderBar(params, api) {
    var row = rows[api.value(3)];
    var start = api.coord([api.value(1), api.value(0)]);
    var end = api.coord([api.value(2), api.value(0)]);
    var height = api.size([0, 1])[1] * 0.6;
    var whole = clip({ x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 2), height: height }, params);
    if (!whole) {
      return null;
    }
    var color = COLORS[row.status] || "#6c757d";
    var doneWidth = (end[0] - start[0]) * row.progress / 100;
    var done = clip({ x: start[0], y: start[1] - height / 2, width: doneWidth, height: height }, params);
    var children = [
      {
        type: "rect",
        shape: whole,
        style: {
          fill: color,
          opacity: 0.4,
          // Overdue: a dashed dark-red outline, visible on a red (delayed) bar too.
          stroke: row.overdue ? "#842029" : null,
          lineWidth: row.overdue ? 2 : 0,
          lineDash: row.overdue ? [4, 2] : null
        }
      }
    ];
    if (done) {
      children.push({ type: "rect", shape: done, style: { fill: color } });
    }
    if (row.overdue) {
      children.push({
        type: "text",
        style: { text: "!", x: whole.x + whole.width + 3, y: start[1] - height / 2, fill: OVERDUE, fontWeight: "bold", fontSize: 13 }
      });
    }
    return { type: "group", children: children };
  }

  function renderSpan(params, api) {
    var row = rows[api.value(3)];
    var start = api.coord([api.value(1), api.value(0)]);
    var end = api.coord([api.value(2), api.value(0)]);
    var height = api.size([0, 1])[1] * 0.22;
    var shape = clip({ x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 2), height: height }, params);
    return shape ? { type: "rect", shape: shape, style: { fill: COLORS[row.status] || "#6c757d", opacity: 0.7 } } : null;
  }

  function axisLabel(value) {
    var date = new Date(value);
    if (mode === "quarters") {
      // Ticks fall on month starts (see QUARTER_TICKS); only a quarter's start is named.
      var month = date.getMonth();
      return month % 3 === 0 && date.getDate() === 1 ? date.getFullYear() + " Q" + (month / 3 + 1) : "";
    }
    return String(date.getFullYear());
  }

  function draw() {
    var shown = visibleRows();
    var series = seriesData(shown);
    var labelWidth = narrow() ? 110 : Math.min(320, Math.round(holder.clientWidth * 0.3));
    holder.style.height = 148 + ROW_HEIGHT * shown.length + "px";
    chart.resize();
    chart.setOption(
      {
        animation: false,
        aria: { enabled: true },
        tooltip: {
          trigger: "item",
          renderMode: "richText", // ECharts' HTML tooltips carry inline styles, which the page's CSP blocks
          confine: true,
          formatter: function (params) {
            if (params.seriesId === "markers") {
              return params.data.text;
            }
            var row = rows[params.value[3]];
            return params.seriesId === "spans" ? row.title + "\n" + text.textSpan : barTooltip(row);
          }
        },
        // The title says what a saved image shows (plan, timeline; today below it, kept whole where a phone cuts
        // a long plan title short); the image leaves out the buttons.
        title: {
          text: text.chartTitle,
          subtext: text.chartSubtitle,
          left: 0,
          top: 0,
          itemGap: 4,
          textStyle: { fontSize: 13, fontWeight: "bold", color: "#212529", width: holder.clientWidth - 48, overflow: "truncate" },
          subtextStyle: { fontSize: 12, color: "#495057" }
        },
        toolbox: {
          right: 8,
          top: 0,
          feature: {
            saveAsImage: {
              name: text.imageName,
              title: text.textSave,
              pixelRatio: 2,
              backgroundColor: "#ffffff",
              excludeComponents: ["toolbox", "dataZoom"]
            }
          }
        },
        grid: { left: labelWidth + 12, right: 24, top: 76, bottom: 64 },
        xAxis: {
          type: "time",
          position: "top",
          min: day(data.axis.start),
          max: day(data.axis.end) + DAY,
          // Quarters: a tick on every month start (labelled at quarter starts), whatever the zoom window; ECharts
          // left to itself steps two months at a time.
          minInterval: mode === "quarters" ? MONTH : 365 * DAY,
          maxInterval: mode === "quarters" ? MONTH : undefined,
          splitLine: { show: true, lineStyle: { color: "#e9ecef" } },
          axisLabel: { formatter: axisLabel, hideOverlap: true, showMaxLabel: false }
        },
        yAxis: {
          type: "category",
          inverse: true,
          data: shown.map(String),
          triggerEvent: true,
          axisTick: { show: false },
          axisLabel: {
            width: labelWidth,
            overflow: "truncate",
            align: "left",
            margin: labelWidth + 4,
            // Ancestors shown only for context (a filter matched something below them) are greyed, as in the tree.
            rich: { context: { color: "#adb5bd" } },
            formatter: function (value) {
              var index = Number(value);
              var label = rowLabel(index).replace(/[{}|]/g, " ");
              return rows[index].match ? label : "{context|" + label + "}";
            }
          }
        },
        dataZoom: [
          { id: "slider", type: "slider", xAxisIndex: 0, filterMode: "weakFilter", height: 18, bottom: 10, labelFormatter: "" },
          { id: "inside", type: "inside", xAxisIndex: 0, filterMode: "weakFilter", zoomOnMouseWheel: "ctrl", moveOnMouseWheel: false, preventDefaultMouseMove: false }
        ],
        series: [
          {
            id: "bars",
            type: "custom",
            renderItem: renderBar,
            encode: { x: [1, 2], y: 0 },
            data: series.bars,
            markArea: {
              silent: true,
              itemStyle: { color: "rgba(13, 110, 253, 0.06)" },
              // Below the rows, from the band's start (above the first row it sat under a bar; in the middle it
              // met today's label).
              label: { show: true, position: [2, "100%"], padding: [5, 0, 0, 0], color: "#495057", formatter: text.textPeriod },
              data: [[{ xAxis: day(data.period.start) }, { xAxis: day(data.period.end) + DAY }]]
            },
            markLine: {
              silent: true,
              symbol: "none",
              lineStyle: { color: "#d63384", width: 1.5, type: "solid" },
              label: { formatter: text.textToday, color: "#d63384" },
              data: [{ xAxis: day(data.today) }]
            }
          },
          { id: "spans", type: "custom", renderItem: renderSpan, encode: { x: [1, 2], y: 0 }, data: series.spans },
          { id: "markers", type: "scatter", data: series.markers, z: 5 }
        ]
      },
      { replaceMerge: ["series", "yAxis"] }
    );
    holder.dataset.drawnBars = String(series.bars.length);
    holder.dataset.visibleRows = String(shown.length);
  }

  function toggle(index) {
    if (rows[index] && rows[index].hasChildren) {
      collapsed[index] = !collapsed[index];
      draw();
      return true;
    }
    return false;
  }

  chart.on("click", function (params) {
    if (params.componentType === "yAxis") {
      var index = Number(params.value);
      if (!toggle(index) && rows[index]) {
        window.location.assign(rows[index].url);
      }
      return;
    }
    var row = params.seriesId === "markers" ? rows[params.data.index] : rows[params.value[3]];
    if (row) {
      window.location.assign(row.url);
    }
  });

  function setZoom(wanted) {
    mode = wanted;
    draw();
    if (mode === "quarters") {
      var today = day(data.today);
      chart.dispatchAction({ type: "dataZoom", startValue: today - 183 * DAY, endValue: today + 183 * DAY });
    } else {
      chart.dispatchAction({ type: "dataZoom", start: 0, end: 100 });
    }
    document.querySelectorAll("[data-timeline-zoom]").forEach(function (button) {
      button.classList.toggle("active", button.dataset.timelineZoom === mode);
    });
  }

  document.querySelectorAll("[data-timeline-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      setZoom(button.dataset.timelineZoom);
    });
  });

  document.querySelectorAll("[data-timeline-fold]").forEach(function (button) {
    button.addEventListener("click", function () {
      collapsed = {};
      if (button.dataset.timelineFold === "main") {
        // Down to the main tasks: every parent at the main tasks' level or below is folded, whatever its kind
        // (专栏3 is a section beside the tasks, its platforms below it). No tasks: the parents below the sections.
        var taskDepth = Infinity;
        rows.forEach(function (row) {
          if (row.kindKey === "task") {
            taskDepth = Math.min(taskDepth, row.depth);
          }
        });
        rows.forEach(function (row, index) {
          if (row.hasChildren && (row.depth >= taskDepth || row.kindKey !== "section")) {
            collapsed[index] = true;
          }
        });
      }
      draw();
    });
  });

  // Tests and people can fold one row by its item id too.
  holder.addEventListener("timeline:toggle", function (event) {
    rows.forEach(function (row, index) {
      if (row.id === event.detail) {
        toggle(index);
      }
    });
  });

  window.addEventListener("resize", function () {
    draw();
  });
  draw();
})();
