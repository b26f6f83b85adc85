/* Strike Map's drawing library (written by us, MIT). Needs Leaflet (window.L).
 *
 * Python (geo/rendering.py) sends data, never finished HTML built from article text: every
 * article string arrives escaped. The same code draws the exported HTML map (folium calls
 * StrikeMap.* with JSON) and the app's live map (geo/maps/static/component/, StrikeMap.draw).
 *
 * Class names are what the browser tests count: sm-impact (town or site), sm-area (district,
 * province, region: a circle of uncertainty), sm-country (hatched: only the country is known),
 * sm-arc (origin -> impact), sm-cluster (crowded strikes), sm-place-label, sm-label.
 * Playback (the time control) lives in strikemap-playback.js, loaded after this file; big exported maps
 * draw every strike on one canvas instead (strikemap-canvas.js, StrikeMap.addStrikes).
 */
window.StrikeMap = (function () {
  'use strict';
  var SM = L.Projection.SphericalMercator;
  var CLUSTER_PX = 42, CLUSTER_MIN = 3, CLUSTER_UNTIL_ZOOM = 9, PLACE_LABELS_FROM_ZOOM = 4;

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

  function svgRenderer(map, pane) {
    // Hatching and arrowheads need SVG even when the map prefers canvas for speed.
    panes(map);
    pane = pane || 'overlayPane';
    map._smSvg = map._smSvg || {};
    if (!map._smSvg[pane]) { map._smSvg[pane] = L.svg({padding: 0.5, pane: pane}); }
    return map._smSvg[pane];
  }

  function canvasRenderer(map) {
    // Many arcs: one canvas is far cheaper than hundreds of SVG paths (no arrowheads then).
    if (!map._smCanvas) { map._smCanvas = L.canvas({padding: 0.5}); }
    return map._smCanvas;
  }

  function panes(map) {
    // Borders, then hatched countries, then areas, all below towns and arcs: a town inside a
    // province's circle stays visible and clickable whatever order the actors were drawn in.
    if (map.getPane('smBorders')) { return; }
    [['smBorders', 370], ['smCountries', 380], ['smAreas', 390]].forEach(function (p) {
      map.createPane(p[0]).style.zIndex = p[1];
    });
  }

  function setAttr(layer, name, value) {
    layer.on('add', function () { if (this._path) { this._path.setAttribute(name, value); } });
  }

  function state(map) {
    if (!map._sm) {
      map._sm = {actors: [], byId: {}, labels: [], clusters: null, day: null, windowDays: 0, selected: null};
    }
    if (!map._smHooked) {
      map._smHooked = true;
      map.on('zoomend', function () { recluster(map); relabel(map); });
      map.on('moveend', function () { relabel(map); });
    }
    return map._sm;
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

  function selectOnClick(map, layer, id) {
    layer.on('click', function () { map.fire('sm:select', {id: id}); });
  }

  function popupOptions(map) {
    // A phone's map is narrower than a popup and its controls take the top and the bottom: the popup fits
    // between them.
    var size = map.getSize();
    if (size.x >= 640) { return {maxWidth: 380, maxHeight: 420}; }
    return {maxWidth: size.x - 60, minWidth: Math.min(200, size.x - 60), maxHeight: Math.max(160, size.y - 300),
            autoPanPaddingTopLeft: [5, 105], autoPanPaddingBottomRight: [5, 150]};
  }

  function bindInfo(map, layer, html, title) {
    // The exported map explains a strike in a popup; the app opens its evidence panel instead, so
    // there a click only selects and hovering names the strike.
    if (map.options.smPanel) {
      layer.bindTooltip(title, {sticky: true, direction: 'top', className: 'sm-hover'});
    } else {
      layer.bindPopup(html, popupOptions(map));
    }
    return layer;
  }

  function drawEvent(map, data, ev) {
    var c = data.color, layers = [], marker = null, popup = function () { return popupHtml(data, ev); };
    var title = data.label + ' \u2192 ' + ev.p.to + (ev.n ? ', ' + ev.n : '');
    if (ev.o && data.arcs) {
      var line = L.polyline(arcPoints(ev.o, ev.ll, 30), {
        color: c, weight: 2.2, opacity: 0.85, dashArray: ev.dash ? '7 6' : null,
        className: 'sm-arc', renderer: data.svgArcs ? svgRenderer(map) : canvasRenderer(map)});
      if (data.svgArcs) { setAttr(line, 'marker-end', 'url(#sm-arrow-' + data.index + ')'); }
      layers.push(bindInfo(map, line, popup, title));
    }
    if (ev.k === 'pt') {
      marker = L.circleMarker(ev.ll, {radius: 6, color: '#ffffff', weight: 1.5, fillColor: c,
        fillOpacity: 0.95, className: 'sm-impact'});
    } else if (ev.k === 'area') {
      // Light fill: towns struck inside a province's circle must stay visible.
      panes(map);
      marker = L.circle(ev.ll, {radius: ev.r, color: c, weight: 1.2, opacity: 0.8, dashArray: '4 4', pane: 'smAreas',
        fillColor: c, fillOpacity: 0.06, className: 'sm-area'});
    }
    if (marker) { layers.push(bindInfo(map, marker, popup, title)); }
    layers.forEach(function (l) { selectOnClick(map, l, ev.id); });
    var t1 = ev.t1 === undefined || ev.t1 === null ? ev.t : ev.t1;
    return {id: ev.id, ev: ev, t: ev.t, t1: t1, layers: layers, marker: marker, kind: ev.k, shown: false,
            clustered: false, uncertain: false, color: c};
  }

  function hatchedCountry(map, color, geometry, index) {
    // Only the country is known: the whole country hatched in the actor's colour, never a pin.
    return L.geoJSON(geometry, {renderer: svgRenderer(map, 'smCountries'), pane: 'smCountries', style: {
      color: color, weight: 1.5, dashArray: '5 4', fillColor: 'url(#sm-hatch-' + index + ')',
      fillOpacity: 0.6, className: 'sm-country'}});
  }

  function drawArea(map, data, area) {
    var poly = hatchedCountry(map, data.color, area.g, data.index);
    bindInfo(map, poly, function () {
      var shown = area.ids.slice(0, 8).map(function (i) { return popupHtml(data, data.events[i]); });
      var more = area.ids.length > 8 ? '<div class="sm-pop"><small>\u2026 and ' + (area.ids.length - 8) +
        ' more</small></div>' : '';
      return '<div class="sm-pop"><h4>' + area.h + '</h4></div>' + shown.join('<hr>') + more;
    }, data.label + ' \u2192 ' + area.h.split('<br>')[0]);
    if (area.ids.length) { selectOnClick(map, poly, data.events[area.ids[0]].id); }
    return {ids: area.ids, layers: [poly], shown: false};
  }

  function show(group, item, on) {
    if (item.shown === on) { return; }
    item.layers.forEach(function (l) {
      if (l === item.marker && item.clustered) { return; }
      if (on) { group.addLayer(l); } else { group.removeLayer(l); }
    });
    item.shown = on;
  }

  function setUncertain(item, on) {
    // A strike known only as a date range, during playback: drawn faint and dashed.
    if (item.uncertain === on) { return; }
    item.uncertain = on;
    item.layers.forEach(function (l) {
      if (!l.setStyle) { return; }
      if (on) {
        l._smStyle = {opacity: l.options.opacity, fillOpacity: l.options.fillOpacity, dashArray: l.options.dashArray};
        l.setStyle({opacity: 0.5, fillOpacity: Math.min(l.options.fillOpacity, 0.35), dashArray: '3 3'});
      } else if (l._smStyle) {
        l.setStyle(l._smStyle);
      }
      var path = l._path;
      if (path) { path.classList.toggle('sm-uncertain', on); }
    });
  }

  function addActor(map, group, data) {
    var sm = state(map);
    var events = data.events.map(function (ev) { return drawEvent(map, data, ev); });
    var areas = data.areas.map(function (a) { return drawArea(map, data, a); });
    areas.forEach(function (a) { show(group, a, true); });  // country polygons below arcs and markers
    events.forEach(function (e) { show(group, e, true); sm.byId[e.id] = e; });
    var actor = {group: group, events: events, areas: areas};
    events.forEach(function (e) { e.actor = actor; });
    sm.actors.push(actor);
    if (data.labels) {
      events.forEach(function (e) { if (e.ev.n && e.kind !== 'cty') { addPlaceLabel(map, sm, e); } });
    }
  }

  // ---------------------------------------------------------------- labels that give way

  function addPlaceLabel(map, sm, item) {
    var key = item.ev.n + '@' + item.ev.ll.join(',');
    var found = sm.labels.filter(function (l) { return l.key === key; })[0];
    if (found) { found.items.push(item); found.weight += 1; return; }
    var marker = L.marker(item.ev.ll, {interactive: false, keyboard: false, icon: L.divIcon({
      className: 'sm-place-label', html: item.ev.n, iconSize: null, iconAnchor: [-9, 8]})});
    sm.labelLayer = sm.labelLayer || L.layerGroup().addTo(map);
    sm.labelLayer.addLayer(marker);
    sm.labels.push({key: key, marker: marker, items: [item], weight: 1, place: true});
  }

  function addCountryLabel(map, sm, l) {
    var marker = L.marker(l.ll, {interactive: false, keyboard: false, icon: L.divIcon({
      className: 'sm-label', html: l.name, iconSize: null})});
    sm.labelLayer = sm.labelLayer || L.layerGroup().addTo(map);
    sm.labelLayer.addLayer(marker);
    sm.labels.push({key: 'c:' + l.name, marker: marker, items: [], weight: -1, place: false});
  }

  function relabel(map) {
    // Greedy: places with most strikes first, then country names; a label overlapping a kept one hides.
    // Three passes (show candidates, measure all, hide losers) so the browser lays out once, not per label.
    var sm = map._sm;
    if (!sm || !sm.labels.length) { return; }
    var zoom = map.getZoom(), kept = [];
    var order = sm.labels.slice().sort(function (a, b) { return b.weight - a.weight; });
    var candidates = order.filter(function (l) {
      var el = l.marker.getElement();
      var visible = !!el && (!l.place || (zoom >= PLACE_LABELS_FROM_ZOOM && l.items.some(function (i) {
        return i.shown && !i.clustered;
      })));
      if (el) { el.style.display = visible ? '' : 'none'; }
      return visible;
    });
    var boxes = candidates.map(function (l) { return l.marker.getElement().getBoundingClientRect(); });
    candidates.forEach(function (l, i) {
      var r = boxes[i], box = {x0: r.left - 2, y0: r.top - 1, x1: r.right + 2, y1: r.bottom + 1};
      var hit = kept.some(function (k) { return box.x0 < k.x1 && k.x0 < box.x1 && box.y0 < k.y1 && k.y0 < box.y1; });
      if (hit) { l.marker.getElement().style.display = 'none'; } else { kept.push(box); }
    });
  }

  // ---------------------------------------------------------------- clusters (own code, a pixel grid)

  function recluster(map) {
    var sm = map._sm;
    if (!sm) { return; }
    if (sm.clusters) { map.removeLayer(sm.clusters); }
    sm.clusters = L.layerGroup();
    var cells = {}, zoom = map.getZoom();
    sm.actors.forEach(function (actor) {
      actor.events.forEach(function (e) {
        if (e.kind !== 'pt' || !e.shown || !map.hasLayer(actor.group)) { setClustered(actor.group, e, false); return; }
        var p = map.project(e.ev.ll, zoom);
        var key = Math.floor(p.x / CLUSTER_PX) + ':' + Math.floor(p.y / CLUSTER_PX);
        (cells[key] = cells[key] || []).push(e);
      });
    });
    Object.keys(cells).forEach(function (key) {
      var items = cells[key], on = zoom < CLUSTER_UNTIL_ZOOM && items.length >= CLUSTER_MIN;
      items.forEach(function (e) { setClustered(e.actor.group, e, on); });
      if (!on) { return; }
      var lat = 0, lon = 0, colors = {};
      items.forEach(function (e) {
        lat += e.ev.ll[0]; lon += e.ev.ll[1]; colors[e.color] = (colors[e.color] || 0) + 1;
      });
      var main = Object.keys(colors).sort(function (a, b) { return colors[b] - colors[a]; })[0];
      var size = items.length < 10 ? 28 : items.length < 100 ? 34 : 40;
      var marker = L.marker([lat / items.length, lon / items.length], {icon: L.divIcon({
        className: 'sm-cluster', iconSize: [size, size],
        html: '<span style="background:' + main + '">' + items.length + '</span>'}),
        title: items.length + ' strikes here: click to zoom in'});
      marker.on('click', function () {
        map.fitBounds(L.latLngBounds(items.map(function (e) { return e.ev.ll; })), {padding: [40, 40],
                      maxZoom: CLUSTER_UNTIL_ZOOM});
      });
      sm.clusters.addLayer(marker);
    });
    sm.clusters.addTo(map);
  }

  function setClustered(group, item, on) {
    if (item.clustered === on) { return; }
    item.clustered = on;
    if (item.shown && item.marker) {
      if (on) { group.removeLayer(item.marker); } else { group.addLayer(item.marker); }
    }
  }

  // ---------------------------------------------------------------- time: filter and playback

  function filter(map, day, windowDays) {
    // day === null shows everything, undated strikes included. Otherwise strikes whose date range reaches
    // that day (cumulative) or overlaps the last windowDays days; range-dated strikes are drawn uncertain.
    var sm = state(map), visible = 0, total = 0;
    sm.day = day; sm.windowDays = windowDays || 0;
    if (sm.canvas) { return window.StrikeMap.canvasFilter(map, day, windowDays); }  // strikemap-canvas.js
    sm.actors.forEach(function (actor) {
      actor.events.forEach(function (e) {
        var on = day === null || (e.t !== null && e.t <= day && (!windowDays || e.t1 > day - windowDays));
        show(actor.group, e, on); total += 1; visible += on ? 1 : 0;
        setUncertain(e, on && day !== null && (e.t1 > e.t || !!e.ev.u));
      });
      actor.areas.forEach(function (a) {
        show(actor.group, a, a.ids.some(function (i) { return actor.events[i].shown; }));
      });
    });
    recluster(map);
    relabel(map);
    if (sm.selected) { select(map, sm.selected, false); }
    return [visible, total];
  }

  function days(map) {
    // Each strike's first and last day (NaN when undated), for playback: {t: [...], t1: [...]}.
    var sm = state(map);
    if (sm.canvas) { return {t: sm.canvas.store.t, t1: sm.canvas.store.t1}; }
    var t = [], t1 = [];
    sm.actors.forEach(function (a) {
      a.events.forEach(function (e) { t.push(e.t === null ? NaN : e.t); t1.push(e.t1 === null ? NaN : e.t1); });
    });
    return {t: t, t1: t1};
  }

  // ---------------------------------------------------------------- legend, borders, selection

  function htmlControl(map, html, position, className) {
    // On a phone the playback bar takes the bottom: a legend meant for the bottom right goes top right.
    var narrow = map.getSize().x < 640;
    var control = L.control({position: narrow && position === 'bottomright' ? 'topright' : position});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', className);
      div.innerHTML = html;  // built and escaped in Python
      var details = div.querySelector('details');
      // Folded by default unless the map is large: open, it would cover the strikes.
      if (details && (map.getSize().x < 900 || map.getSize().y < 560)) { details.open = false; }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    return control;
  }

  function borderStyle(data) {
    return function (f) {
      var iso = f.properties.iso, s = {color: data.line, weight: 0.7, fillColor: data.land,
                                       fillOpacity: data.landOpacity};
      if (data.targets[iso]) { s.fillColor = data.targetFill; s.fillOpacity = Math.max(0.55, s.fillOpacity); }
      if (data.actors[iso]) { s.color = data.actors[iso]; s.weight = 1.8; }
      else if (data.targets[iso]) { s.color = data.targetLine; s.weight = 1.2; }
      return s;
    };
  }

  function countryLabels(map, data) {
    var sm = state(map);
    data.labels.forEach(function (l) { addCountryLabel(map, sm, l); });
  }

  function borders(map, group, data) {
    var layer = L.geoJSON(data.countries, {interactive: false, renderer: svgRenderer(map, 'smBorders'),
                                           pane: 'smBorders', style: borderStyle(data)});
    group.addLayer(layer);
    countryLabels(map, data);
    if (map.attributionControl && !map._smAttributed) {
      map.attributionControl.addAttribution(data.attribution);
      map._smAttributed = true;
    }
    return layer;
  }

  function ring(map, sm, ll, centre) {
    sm.ring = L.circleMarker(ll, {radius: 13, color: '#111', weight: 3, fill: false, interactive: false,
                                  className: 'sm-selected'}).addTo(map);
    if (centre) { map.setView(ll, Math.max(map.getZoom(), 6), {animate: false}); }
  }

  function select(map, id, centre) {
    var sm = state(map);
    sm.selected = id;
    if (sm.ring) { map.removeLayer(sm.ring); sm.ring = null; }
    var item = id && sm.byId[id];
    if (item) {
      ring(map, sm, item.ev.ll, centre);
      return true;
    }
    if (id && sm.canvas) {  // one canvas keeps no layer per strike: strikemap-canvas.js finds its point
      window.StrikeMap.canvasPoint(map, id).then(function (ll) {
        if (ll && map._sm === sm && sm.selected === id && !sm.ring) { ring(map, sm, ll, centre); }
      });
    }
    return false;
  }

  function reset(map) {
    // Forget everything drawn by addActor/borders (the app redraws new data into the same map).
    var sm = map._sm;
    if (!sm) { return; }
    sm.actors.forEach(function (a) { map.removeLayer(a.group); });
    if (sm.canvas) { map.off(sm.canvas.handlers); }
    [sm.labelLayer, sm.clusters, sm.ring, sm.canvas && sm.canvas.layer].forEach(function (l) {
      if (l) { map.removeLayer(l); }
    });
    map._sm = null;
  }

  function fit(map, bounds) {
    // The strikes in view at once, not after a zoom animation. The legend sits bottom right and the layer
    // list top right: on a wide map strikes stay out from under them; a phone has no room for that margin.
    var narrow = map.getSize().x < 640;
    map.fitBounds(bounds, {paddingTopLeft: narrow ? [20, 20] : [60, 40], paddingBottomRight: narrow ? [20, 60] : [330, 60],
                           maxZoom: 7, animate: false});
  }

  function foldLayerList(map) {
    // On a phone an open layer list hides half the map: it folds into its button, opens on a tap and
    // folds again on a tap on the map (as Leaflet's collapsed list does).
    var list = map.getContainer().querySelector('.leaflet-control-layers');
    if (!list || map.getSize().x >= 640 || map._smFolds) { return; }
    map._smFolds = true;
    var fold = function () { list.classList.remove('leaflet-control-layers-expanded'); };
    fold();
    map.on('click', fold);
  }

  function finish(map, opts) {
    var sm = state(map);
    map.getContainer().classList.toggle('sm-dark', !!(opts && opts.dark));
    foldLayerList(map);
    recluster(map);
    // Labels are measured once the map has its final size and view. A canvas map says it is ready
    // after its first draw (data-sm-ready: what the benchmark and the tests wait for).
    setTimeout(function () {
      relabel(map);
      if (!sm.canvas) { map.getContainer().setAttribute('data-sm-ready', '1'); }
    }, 0);
    return sm;
  }

  return {addActor: addActor, filter: filter, popupHtml: popupHtml, htmlControl: htmlControl, borders: borders,
          borderStyle: borderStyle, countryLabels: countryLabels, arcPoints: arcPoints, select: select,
          finish: finish, fit: fit, recluster: recluster, reset: reset, relabel: relabel, state: state, days: days,
          hatchedCountry: hatchedCountry, popupOptions: popupOptions, readyFlag: true};
})();
