"""The small JavaScript and CSS our maps carry, as text (written by us, MIT).

:mod:`geo.rendering` puts :data:`LIBRARY` once into each map's ``<head>`` (after
Leaflet) and then only calls it with data, so a map with 10,000 strikes is one
data array per actor, not 10,000 folium elements. Popup HTML arrives already
escaped by Python; this code never builds HTML from article text.

What it draws (class names are what the browser test counts):

- ``sm-impact`` circle marker: a town or site;
- ``sm-area`` dashed circle: a district, province or region (radius = uncertainty);
- ``sm-country`` hatched polygon: only the country is known;
- ``sm-arc`` curved line origin -> impact, arrowhead at the impact (an SVG marker),
  dashed when the origin is only the actor's country.
"""

from __future__ import annotations

LIBRARY = r"""
window.StrikeMap = (function () {
  var SM = L.Projection.SphericalMercator;

  function arcPoints(a, b, n) {
    // A quadratic Bezier in Web Mercator metres, bent left of the direction of travel.
    var p0 = SM.project(L.latLng(a)), p2 = SM.project(L.latLng(b));
    var dx = p2.x - p0.x, dy = p2.y - p0.y;
    var cx = (p0.x + p2.x) / 2 - dy * 0.18, cy = (p0.y + p2.y) / 2 + dx * 0.18;
    var out = [];
    for (var i = 0; i <= n; i++) {
      var t = i / n, u = 1 - t;
      out.push(SM.unproject(L.point(u * u * p0.x + 2 * u * t * cx + t * t * p2.x,
                                    u * u * p0.y + 2 * u * t * cy + t * t * p2.y)));
    }
    return out;
  }

  function svgRenderer(map) {
    // Hatching and arrowheads need SVG even when the map prefers canvas for speed.
    if (!map._smSvg) { map._smSvg = L.svg({padding: 0.5}); }
    return map._smSvg;
  }

  function setAttr(layer, name, value) {
    layer.on('add', function () { if (this._path) { this._path.setAttribute(name, value); } });
  }

  var LABELS = {pl: 'Place', dt: 'Date', fr: 'From', w: 'Weapons', tg: 'Target', k: 'Killed',
                cb: 'Claimed by', db: 'Denied by', rt: 'Responds to', c: 'Confidence'};

  function popupHtml(data, ev) {
    // Every value was escaped in Python (geo/map_popups.py); this only adds markup around them.
    var p = ev.p, rows = '', sources = '';
    Object.keys(p.r).forEach(function (k) { rows += '<tr><th>' + LABELS[k] + '</th><td>' + p.r[k] + '</td></tr>'; });
    p.s.forEach(function (s) {
      var title = s[0] ? '<a href="' + s[0] + '" target="_blank" rel="noopener noreferrer">' + s[1] + '</a>' : s[1];
      sources += '<li>' + title + (s[2] ? ' <small>' + s[2] + '</small>' : '') +
        s[3].map(function (q) { return '<blockquote>' + q + '</blockquote>'; }).join('') + '</li>';
    });
    return '<div class="sm-pop"><h4>' + data.label + ' \u2192 ' + p.to + '</h4><table>' + rows + '</table>' +
      (sources ? '<ol>' + sources + '</ol>' : '') + '</div>';
  }

  function drawEvent(map, data, ev) {
    var c = data.color, layers = [], popup = function () { return popupHtml(data, ev); };
    if (ev.o && data.arcs) {
      var line = L.polyline(arcPoints(ev.o, ev.ll, 30), {
        color: c, weight: 2.5, opacity: 0.9, dashArray: ev.dash ? '7 6' : null,
        className: 'sm-arc', renderer: data.svgArcs ? svgRenderer(map) : undefined});
      if (data.svgArcs) { setAttr(line, 'marker-end', 'url(#sm-arrow-' + data.index + ')'); }
      layers.push(line.bindPopup(popup, {maxWidth: 380}));
    }
    if (ev.k === 'pt') {
      layers.push(L.circleMarker(ev.ll, {radius: 6, color: '#ffffff', weight: 1.5, fillColor: c,
        fillOpacity: 0.95, className: 'sm-impact'}).bindPopup(popup, {maxWidth: 380}));
    } else if (ev.k === 'area') {
      layers.push(L.circle(ev.ll, {radius: ev.r, color: c, weight: 1.5, dashArray: '4 4', fillColor: c,
        fillOpacity: 0.15, className: 'sm-area'}).bindPopup(popup, {maxWidth: 380}));
    }
    if (data.labels && ev.n && layers.length) {
      // Permanent tooltips set innerHTML: ev.n was escaped in Python.
      layers[layers.length - 1].bindTooltip(ev.n, {permanent: true, direction: 'right', offset: [8, 0],
                                                    className: 'sm-place-label'});
    }
    return {t: ev.t, layers: layers, shown: false};
  }

  function drawArea(map, data, area) {
    var poly = L.geoJSON(area.g, {renderer: svgRenderer(map), style: {
      color: data.color, weight: 1.5, dashArray: '5 4', fillColor: 'url(#sm-hatch-' + data.index + ')',
      fillOpacity: 0.75, className: 'sm-country'}});
    poly.bindPopup(function () {
      var shown = area.ids.slice(0, 8).map(function (i) { return popupHtml(data, data.events[i]); });
      var more = area.ids.length > 8 ? '<div class="sm-pop"><small>\u2026 and ' + (area.ids.length - 8) +
        ' more</small></div>' : '';
      return '<div class="sm-pop"><h4>' + area.h + '</h4></div>' + shown.join('<hr>') + more;
    }, {maxWidth: 380, maxHeight: 320});
    return {ids: area.ids, layers: [poly], shown: false};
  }

  function show(group, item, on) {
    if (item.shown === on) { return; }
    item.layers.forEach(function (l) { if (on) { group.addLayer(l); } else { group.removeLayer(l); } });
    item.shown = on;
  }

  function addActor(map, group, data) {
    var events = data.events.map(function (ev) { return drawEvent(map, data, ev); });
    var areas = data.areas.map(function (a) { return drawArea(map, data, a); });
    // Country polygons go below arcs and markers.
    areas.forEach(function (a) { show(group, a, true); });
    events.forEach(function (e) { show(group, e, true); });
    (map._smActors = map._smActors || []).push({group: group, events: events, areas: areas});
  }

  function filter(map, day) {
    // day === null shows everything, undated strikes included; otherwise strikes up to that day.
    var visible = 0, total = 0;
    (map._smActors || []).forEach(function (actor) {
      actor.events.forEach(function (e) {
        var on = day === null || (e.t !== null && e.t <= day);
        show(actor.group, e, on); total += 1; visible += on ? 1 : 0;
      });
      actor.areas.forEach(function (a) {
        show(actor.group, a, a.ids.some(function (i) { return actor.events[i].shown; }));
      });
    });
    return [visible, total];
  }

  function isoDay(t) { return new Date(t * 864e5).toISOString().slice(0, 10); }

  function timeControl(map, opts) {
    var control = L.control({position: 'bottomleft'});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'sm-time leaflet-bar');
      div.innerHTML = '<button type="button" class="sm-play" title="Play day by day">&#9654;</button>' +
        '<input type="range" class="sm-range" step="1"><span class="sm-day"></span>';
      var button = div.querySelector('button'), range = div.querySelector('input'),
          label = div.querySelector('.sm-day'), timer = null;
      range.min = opts.min; range.max = opts.max + 1; range.value = opts.max + 1;
      function update() {
        var v = parseInt(range.value, 10), all = v > opts.max;
        var n = filter(map, all ? null : v);
        label.textContent = (all ? 'all dates' : 'up to ' + isoDay(v)) + ' \u2014 ' + n[0] + ' of ' + n[1] +
          ' strikes';
      }
      function stop() { clearInterval(timer); timer = null; button.innerHTML = '&#9654;'; }
      button.onclick = function () {
        if (timer) { stop(); return; }
        if (parseInt(range.value, 10) > opts.max) { range.value = opts.min; update(); }
        button.innerHTML = '&#10074;&#10074;';
        timer = setInterval(function () {
          range.value = parseInt(range.value, 10) + 1; update();
          if (parseInt(range.value, 10) > opts.max) { stop(); }
        }, 900);
      };
      range.oninput = function () { stop(); update(); };
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      update();
      return div;
    };
    control.addTo(map);
  }

  function htmlControl(map, html, position, className) {
    var control = L.control({position: position});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', className);
      div.innerHTML = html;  // built and escaped in Python
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
  }

  function borders(map, group, data) {
    var layer = L.geoJSON(data.countries, {interactive: false, renderer: svgRenderer(map), style: function (f) {
      var iso = f.properties.iso, s = {color: data.line, weight: 0.7, fillColor: data.land,
                                       fillOpacity: data.landOpacity};
      if (data.targets[iso]) { s.fillColor = data.targetFill; s.fillOpacity = Math.max(0.55, s.fillOpacity); }
      if (data.actors[iso]) { s.color = data.actors[iso]; s.weight = 1.8; }
      else if (data.targets[iso]) { s.color = data.targetLine; s.weight = 1.2; }
      return s;
    }});
    group.addLayer(layer);
    data.labels.forEach(function (l) {
      group.addLayer(L.marker(l.ll, {interactive: false, keyboard: false, icon: L.divIcon({
        className: 'sm-label', html: l.name, iconSize: null})}));
    });
    if (map.attributionControl) { map.attributionControl.addAttribution(data.attribution); }
  }

  return {addActor: addActor, filter: filter, popupHtml: popupHtml, timeControl: timeControl, htmlControl: htmlControl,
          borders: borders, arcPoints: arcPoints};
})();
"""

CSS = """
.folium-map.leaflet-container { background: %(sea)s; }
.sm-legend, .sm-time { background: rgba(255,255,255,0.94); padding: 8px 10px; border-radius: 4px;
  font: 12px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); }
.sm-legend { max-width: 290px; }
.sm-legend h4 { margin: 0 0 4px; font-size: 13px; }
.sm-legend .sm-head { margin: 6px 0 2px; font-weight: 600; color: #444; text-transform: uppercase;
  font-size: 10.5px; letter-spacing: 0.04em; }
.sm-legend .sm-row { display: flex; align-items: center; gap: 6px; }
.sm-legend svg { flex: none; }
.sm-legend .sm-note { margin-top: 6px; color: #555; font-size: 11px; }
.sm-time { display: flex; align-items: center; gap: 8px; }
.sm-time button { width: 28px; height: 24px; border: 1px solid #999; border-radius: 3px; background: #fff;
  cursor: pointer; font-size: 12px; }
.sm-time input { width: 220px; }
.sm-label { color: #555; font: 600 11px system-ui, "DejaVu Sans", sans-serif; text-transform: uppercase;
  letter-spacing: 0.08em; white-space: nowrap; text-shadow: 0 0 3px #fff, 0 0 3px #fff;
  transform: translate(-50%%, -50%%); pointer-events: none; }
.leaflet-tooltip.sm-place-label { background: rgba(255,255,255,0.8); border: 0; box-shadow: none; padding: 0 4px;
  font: 600 11.5px system-ui, "DejaVu Sans", sans-serif; color: #222; }
.leaflet-tooltip.sm-place-label::before { display: none; }
.sm-pop { font: 12.5px/1.45 system-ui, "DejaVu Sans", sans-serif; }
.sm-pop h4 { margin: 0 0 4px; font-size: 14px; }
.sm-pop table { border-collapse: collapse; }
.sm-pop th { text-align: left; vertical-align: top; padding-right: 8px; color: #555; font-weight: 600; }
.sm-pop blockquote { margin: 2px 0 4px 8px; padding-left: 6px; border-left: 3px solid #ccc; color: #333; }
.sm-pop ol { margin: 4px 0 0; padding-left: 18px; }
"""
