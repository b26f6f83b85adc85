/* Strike Map's playback control (written by us, MIT): needs strikemap.js (window.StrikeMap).
 *
 * Steps by day, week or month at 0.5-4x, cumulative or a window of the last 7/30/90 days; a strike
 * dated only as a range shows while the window overlaps its range (drawn uncertain by
 * StrikeMap.filter); steps that would change nothing are skipped.
 */
(function (SMap) {
  'use strict';
  var DAY = 864e5;
  var SPEEDS = {'0.5\u00d7': 1600, '1\u00d7': 800, '2\u00d7': 400, '4\u00d7': 200};
  var filter = SMap.filter;

  function isoDay(t) { return new Date(t * DAY).toISOString().slice(0, 10); }

  function advance(t, step) {
    if (step === 'week') { return t + 7; }
    if (step === 'month') {
      var d = new Date(t * DAY);
      return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) / DAY);
    }
    return t + 1;
  }

  function nextFrame(map, cur, step, windowDays, max) {
    // The next frame that changes something: empty stretches are skipped. Undated strikes are NaN here.
    var next = advance(cur, step), d = SMap.days(map), t = d.t, t1 = d.t1, n = t.length, busy = false, first = Infinity;
    for (var i = 0; i < n && !busy; i++) {
      busy = (t[i] > cur && t[i] <= next) || (!!windowDays && t[i] <= next && t1[i] > next - windowDays);
    }
    if (busy || next > max) { return next; }
    for (i = 0; i < n; i++) { if (t[i] > next && t[i] < first) { first = t[i]; } }
    if (first === Infinity) { return max + 1; }
    while (next < first) { next = advance(next, step); }
    return next;
  }

  function option(values, chosen) {
    return values.map(function (v) {
      return '<option value="' + v[0] + '"' + (v[0] === chosen ? ' selected' : '') + '>' + v[1] + '</option>';
    }).join('');
  }

  function timeControl(map, opts) {
    var control = L.control({position: 'bottomleft'});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'sm-time leaflet-bar');
      div.innerHTML = '<div class="sm-time-row"><button type="button" class="sm-play" title="Play">&#9654;</button>' +
        '<button type="button" class="sm-stepbtn" title="Next step">&raquo;</button>' +
        '<input type="range" class="sm-range" step="1" aria-label="Day"><span class="sm-day"></span></div>' +
        '<div class="sm-time-row"><select class="sm-step" aria-label="Step">' +
        option([['day', 'by day'], ['week', 'by week'], ['month', 'by month']], opts.step || 'week') +
        '</select><select class="sm-speed" aria-label="Speed">' +
        option(Object.keys(SPEEDS).map(function (k) { return [k, k]; }), '1\u00d7') +
        '</select><select class="sm-mode" aria-label="Show">' +
        option([['0', 'cumulative'], ['7', 'last 7 days'], ['30', 'last 30 days'], ['90', 'last 90 days']], '0') +
        '</select></div>';
      var q = function (s) { return div.querySelector(s); };
      var button = q('.sm-play'), stepper = q('.sm-stepbtn'), range = q('.sm-range'), label = q('.sm-day'),
          step = q('.sm-step'), speed = q('.sm-speed'), mode = q('.sm-mode'), timer = null;
      range.min = opts.min; range.max = opts.max + 1; range.value = opts.max + 1;
      function update() {
        var v = parseInt(range.value, 10), all = v > opts.max, w = parseInt(mode.value, 10);
        var n = filter(map, all ? null : v, w);
        var when = all ? 'all dates' : (w ? isoDay(v - w + 1) + ' \u2013 ' + isoDay(v) : 'up to ' + isoDay(v));
        label.textContent = when + ' \u00b7 ' + n[0].toLocaleString('en-US') + ' of ' + n[1].toLocaleString('en-US');
        div.setAttribute('data-day', all ? '' : isoDay(v));
      }
      function forward() {
        var v = parseInt(range.value, 10);
        if (v > opts.max) { v = opts.min - 1; }
        range.value = Math.min(nextFrame(map, v, step.value, parseInt(mode.value, 10), opts.max), opts.max + 1);
        update();
        return parseInt(range.value, 10) > opts.max;
      }
      function stop() { clearInterval(timer); timer = null; button.innerHTML = '&#9654;'; }
      function start() {
        button.innerHTML = '&#10074;&#10074;';
        timer = setInterval(function () { if (forward()) { stop(); } }, SPEEDS[speed.value]);
      }
      button.onclick = function () {
        if (timer) { stop(); return; }
        if (parseInt(range.value, 10) > opts.max) { range.value = opts.min; update(); }
        start();
      };
      stepper.onclick = function () { stop(); forward(); };
      speed.onchange = function () { if (timer) { stop(); start(); } };
      mode.onchange = update;
      range.oninput = function () { stop(); update(); };
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      div._smStop = stop;
      update();
      return div;
    };
    control.onRemove = function () { if (control._container && control._container._smStop) {
      control._container._smStop(); } };
    control.addTo(map);
    return control;
  }

  SMap.timeControl = timeControl;
  SMap.nextFrame = nextFrame;
  SMap.advance = advance;
  SMap.isoDay = isoDay;
})(window.StrikeMap);
