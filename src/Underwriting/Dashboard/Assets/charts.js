/*
 * The dashboard's charts, drawn with Chart.js (load /assets/chart.umd.min.js first).
 * Every <canvas data-chart="ID"> gets the chart described by the JSON in
 * <script type="application/json" id="ID">, which the page writes with System.Text.Json:
 *   { "type": "line" | "bar",
 *     "labels": ["2026-10-01", ...],
 *     "datasets": [{ "label": "approved", "data": [3, null, ...], "color": "#17803d" (optional) }],
 *     "stacked": false,          // bars or areas stacked on one another
 *     "yFormat": "percent",      // optional: values are percentages; ticks and tooltips get "%"
 *     "xTitle": "...", "yTitle": "..." }
 * null in data is a gap (a value not observed). Animation is off so that screenshots and tests see
 * the final chart at once. Charts.draw(canvas) redraws one canvas; the chart is Chart.getChart(canvas).
 */
(function () {
  'use strict';

  var palette = ['#1f5fbf', '#17803d', '#b42318', '#9a6700', '#6941c6', '#0e7490',
    '#c11574', '#475467', '#e04f16', '#3b7c0f', '#155eef', '#7a2e0e'];

  function axisTitle(text) {
    return text ? { display: true, text: text } : { display: false };
  }

  function config(spec) {
    var percent = spec.yFormat === 'percent';
    var format = function (value) { return percent ? value + '%' : value; };
    var datasets = (spec.datasets || []).map(function (set, i) {
      var color = set.color || palette[i % palette.length];
      return {
        label: set.label,
        data: set.data,
        borderColor: color,
        backgroundColor: color,
        borderWidth: spec.type === 'bar' ? 0 : 2,
        pointRadius: spec.type === 'line' ? 2 : 0,
        spanGaps: false,
        fill: false
      };
    });
    return {
      type: spec.type === 'bar' ? 'bar' : 'line',
      data: { labels: spec.labels || [], datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { display: datasets.length > 1, position: 'bottom' },
          tooltip: {
            callbacks: {
              label: function (item) { return item.dataset.label + ': ' + format(item.formattedValue); }
            }
          }
        },
        scales: {
          x: { stacked: !!spec.stacked, title: axisTitle(spec.xTitle) },
          y: { stacked: !!spec.stacked, beginAtZero: true, title: axisTitle(spec.yTitle), ticks: { callback: format } }
        }
      }
    };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute('data-chart'));
    if (!source || typeof Chart === 'undefined') {
      return null;
    }

    var existing = Chart.getChart(canvas);
    if (existing) {
      existing.destroy();
    }

    return new Chart(canvas, config(JSON.parse(source.textContent)));
  }

  function drawAll() {
    document.querySelectorAll('canvas[data-chart]').forEach(draw);
  }

  window.Charts = { draw: draw, drawAll: drawAll };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawAll);
  } else {
    drawAll();
  }
})();
