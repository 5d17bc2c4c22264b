/* perfharness HTML report: draws the charts described by the JSON data block with uPlot. */
(function () {
  'use strict';
  var errors = [];
  function fail(message) {
    errors.push(String(message));
    document.body.setAttribute('data-errors', errors.join(' | '));
  }
  window.addEventListener('error', function (e) { fail(e.message); });

  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

  function num(v) {
    if (v == null || isNaN(v)) { return '-'; }
    var a = Math.abs(v);
    if (a >= 1000) { return Math.round(v).toLocaleString('en-US'); }
    if (a >= 100) { return v.toFixed(1); }
    if (a >= 1) { return v.toFixed(2); }
    return v.toPrecision(3);
  }

  /* x = 1 / (1 - p): 10 is the 90th percentile, 100 the 99th, ... */
  function percentileLabel(x) {
    if (x == null) { return ''; }
    var p = 100 * (1 - 1 / x);
    var digits = Math.max(0, Math.ceil(Math.log10(x)) - 2);
    return p.toFixed(Math.min(6, digits)) + '%';
  }

  var MARKER_COLORS = { regression: '#b00020', improvement: '#1b7f2a' };

  /* Vertical dashed lines at spec.markers[i].x (change points), each labelled at the top of the plot. */
  function markerHook(spec) {
    return function (u) {
      var ctx = u.ctx;
      var top = u.bbox.top;
      var bottom = u.bbox.top + u.bbox.height;
      var dpr = window.devicePixelRatio || 1;
      ctx.save();
      spec.markers.forEach(function (m, i) {
        var x = u.valToPos(m.x, 'x', true);
        if (x == null || isNaN(x)) { return; }
        ctx.strokeStyle = MARKER_COLORS[m.kind] || '#555';
        ctx.fillStyle = ctx.strokeStyle;
        ctx.lineWidth = 2 * dpr;
        ctx.setLineDash([5 * dpr, 4 * dpr]);
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.stroke();
        ctx.font = (11 * dpr) + 'px system-ui, sans-serif';
        ctx.textAlign = 'left';
        ctx.textBaseline = 'alphabetic';
        ctx.fillText(m.label, x + 4 * dpr, top + (12 + 13 * (i % 2)) * dpr);
      });
      ctx.restore();
    };
  }

  function draw(spec) {
    var el = document.getElementById(spec.id);
    if (!el) { fail('no element ' + spec.id); return false; }
    var width = Math.max(480, Math.min(1100, el.clientWidth || 960));
    var scales = { x: { time: false } };
    var axes = [];
    if (spec.kind === 'percentiles') {
      scales.x.distr = 3;
      scales.x.log = 10;
      scales.ms = { distr: 3, log: 10 };
      axes.push({ label: 'percentile', values: function (u, vals) { return vals.map(percentileLabel); } });
      axes.push({ scale: 'ms', label: 'latency (ms)', size: 70, values: function (u, vals) { return vals.map(num); } });
    } else {
      if (spec.kind === 'commits') {
        axes.push({ label: spec.xLabel, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500], size: 90, rotate: -30,
          values: function (u, vals) { return vals.map(function (v) { return spec.labels[v] != null ? spec.labels[v] : ''; }); } });
      } else {
        axes.push(spec.points ? { label: spec.xLabel, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500] }
          : { label: spec.xLabel || 'seconds' });
      }
      var used = {};
      spec.series.forEach(function (s) { used[s.scale] = s.unit; });
      Object.keys(used).forEach(function (scale, i) {
        scales[scale] = { auto: true, range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; } };
        axes.push({ scale: scale, side: i === 0 ? 3 : 1, label: used[scale], size: 70,
          grid: { show: i === 0 }, values: function (u, vals) { return vals.map(num); } });
      });
    }
    var series = [{ label: spec.kind === 'percentiles' ? 'percentile' : (spec.xLabel || 'seconds'),
      value: spec.kind === 'percentiles' ? function (u, v) { return percentileLabel(v); }
        : spec.kind === 'commits' ? function (u, v) { return v == null ? '-' : (spec.labels[v] || ''); } : undefined }];
    spec.series.forEach(function (s, i) {
      series.push({
        label: s.label,
        scale: s.scale,
        stroke: COLORS[(s.color != null ? s.color : i) % COLORS.length],
        width: 2,
        dash: s.dash ? [6, 4] : undefined,
        spanGaps: true,
        points: { show: !!spec.points || spec.kind === 'commits', size: 6 },
        paths: spec.points ? function () { return null; } : undefined,
        value: function (u, v) { return v == null ? '-' : num(v) + ' ' + s.unit; }
      });
    });
    var data = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
    /* global uPlot */
    new uPlot({ width: width, height: spec.kind === 'commits' ? 360 : 320, title: spec.title, scales: scales, axes: axes,
      series: series, padding: spec.kind === 'commits' ? [12, 48, 0, 0] : undefined,
      cursor: { drag: { x: true, y: false } },
      hooks: spec.markers && spec.markers.length ? { draw: [markerHook(spec)] } : {} }, data, el);
    el.setAttribute('data-markers', String(spec.markers ? spec.markers.length : 0));
    var points = 0;
    spec.series.forEach(function (s) { s.values.forEach(function (v) { if (v != null) { points++; } }); });
    el.setAttribute('data-points', String(points));
    return true;
  }

  try {
    var data = JSON.parse(document.getElementById('perfharness-data').textContent);
    var made = 0;
    data.charts.forEach(function (spec) { if (draw(spec)) { made++; } });
    document.body.setAttribute('data-charts', String(made));
  } catch (e) {
    fail(e && e.stack ? e.stack.split('\n')[0] : e);
  }
})();
