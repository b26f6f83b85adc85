/* Strike Map's big-map mode (written by us, MIT): needs Leaflet, strikemap.js and strikemap-canvas-draw.js.
 *
 * Above a few thousand strikes (geo/maps/rendering.py ONE_CANVAS_ABOVE) one Leaflet layer per marker and
 * arc costs seconds per zoom step, so the exported map sends columns instead (geo/map_columns.py: one
 * typed array per field) and one canvas layer draws every strike (strikemap-canvas-draw.js), again after
 * each move. A click is tested against what the last draw put on screen; a popup inflates its chunk of
 * popup data (DecompressionStream) only when it opens. Each actor keeps its entry in the layer list.
 */
(function (SMap) {
  'use strict';
  var D = SMap.canvasDraw, K = D.K, draw = D.draw, areaRadius = D.areaRadius, mercatorY = D.mercatorY;
  var NO_DAY = K.NO_DAY, UNCERTAIN = K.UNCERTAIN, PT = K.PT, AREA = K.AREA, CLUSTER_UNTIL_ZOOM = K.CLUSTER_UNTIL_ZOOM;
  var PAD = 0.1, LIST = 8, TILE = 256, HIT_PX = 8;

  function bytes(b64) {
    var s = atob(b64), out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { out[i] = s.charCodeAt(i); }
    return out.buffer;
  }

  function decode(data) {
    var c = data.columns, n = data.n, i;
    var s = {n: n, lat: new Float32Array(bytes(c.lat)), lon: new Float32Array(bytes(c.lon)),
             actor: new Uint8Array(bytes(c.actor)), kind: new Uint8Array(bytes(c.kind)),
             flags: new Uint8Array(bytes(c.flags)), r: new Float32Array(n),
             origin: new Int32Array(bytes(c.origin)), t: new Float64Array(n), t1: new Float64Array(n),
             mx: new Float64Array(n), my: new Float64Array(n)};
    var t = new Int32Array(bytes(c.t)), dt = new Uint16Array(bytes(c.dt)), r = new Uint16Array(bytes(c.r));
    for (i = 0; i < n; i++) {
      s.t[i] = t[i] === NO_DAY ? NaN : t[i];  // NaN: every comparison with a day is false
      s.t1[i] = s.t[i] + dt[i];
      s.r[i] = r[i] * 100;  // sent in 100 m
      s.mx[i] = (s.lon[i] + 180) / 360;
      s.my[i] = mercatorY(s.lat[i]);
    }
    var o = data.origins ? new Float32Array(bytes(data.origins)) : new Float32Array(0);
    s.omx = new Float64Array(o.length / 2);
    s.omy = new Float64Array(o.length / 2);
    for (i = 0; i < o.length / 2; i++) { s.omx[i] = (o[2 * i + 1] + 180) / 360; s.omy[i] = mercatorY(o[2 * i]); }
    return s;
  }

  // ---------------------------------------------------------------- the layer: position, zoom animation

  var StrikeCanvas = L.Layer.extend({
    options: {pane: 'overlayPane'},

    initialize: function (big) { this._big = big; this._frame = null; },

    onAdd: function () {
      this._canvas = L.DomUtil.create('canvas', 'sm-canvas leaflet-zoom-animated');
      this.getPane().appendChild(this._canvas);
      this._ctx = this._canvas.getContext('2d');
      this.redraw();
    },

    onRemove: function () {
      if (this._frame) { L.Util.cancelAnimFrame(this._frame); this._frame = null; }
      L.DomUtil.remove(this._canvas);
    },

    getEvents: function () {
      var events = {viewreset: this.redraw, moveend: this.redraw, resize: this.redraw, zoom: this._onZoom};
      if (this._zoomAnimated) { events.zoomanim = this._onAnimZoom; }
      return events;
    },

    redraw: function () {
      // Moves and filter changes in one frame draw once.
      if (!this._frame) { this._frame = L.Util.requestAnimFrame(this._update, this); }
      return this;
    },

    _onAnimZoom: function (e) { this._updateTransform(e.center, e.zoom); },

    _onZoom: function () { this._updateTransform(this._map.getCenter(), this._map.getZoom()); },

    _updateTransform: function (center, zoom) {
      // Scale the last picture with the map until the redraw (Leaflet's own renderers do the same).
      if (!this._center) { return; }
      var map = this._map, scale = map.getZoomScale(zoom, this._zoom);
      var offset = map.getSize().multiplyBy(-(0.5 + PAD) * scale).add(map.project(this._center, zoom))
        .subtract(map._getNewPixelOrigin(center, zoom));
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },

    _update: function () {
      this._frame = null;
      var map = this._map;
      if (!map || map._animatingZoom) { return; }
      var size = map.getSize(), min = map.containerPointToLayerPoint(size.multiplyBy(-PAD)).round();
      var w = Math.round(size.x * (1 + 2 * PAD)), h = Math.round(size.y * (1 + 2 * PAD));
      var ratio = window.devicePixelRatio || 1, canvas = this._canvas, origin = map.getPixelOrigin();
      this._center = map.getCenter();
      this._zoom = map.getZoom();
      L.DomUtil.setPosition(canvas, min);
      if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
        canvas.width = Math.round(w * ratio);
        canvas.height = Math.round(h * ratio);
        canvas.style.width = w + 'px';
        canvas.style.height = h + 'px';
      }
      this._ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      this._ctx.clearRect(0, 0, w, h);
      // canvas pixel = world pixel - (pixel origin + canvas corner)
      var view = {w: w, h: h, x0: origin.x + min.x, y0: origin.y + min.y, scale: TILE * Math.pow(2, this._zoom),
                  zoom: this._zoom, min: min};
      this._big.view = view;
      var started = performance.now();
      var drawn = draw(this._big, this._ctx, view);
      var container = map.getContainer();
      container.setAttribute('data-sm-drawn', JSON.stringify(drawn));
      container.setAttribute('data-sm-draw-ms', String(Math.round(performance.now() - started)));
      container.setAttribute('data-sm-draws', String(++this._big.draws));
      container.setAttribute('data-sm-ready', '1');
    }
  });

  // ---------------------------------------------------------------- filter, actors, clicks

  function filter(big, day, windowDays) {
    var s = big.store, visible = 0;
    for (var i = 0; i < s.n; i++) {
      var on = day === null || (s.t[i] <= day && (!windowDays || s.t1[i] > day - windowDays));
      visible += on ? 1 : 0;
      big.inTime[i] = on ? 1 : 0;
      big.visible[i] = on && big.actorOn[s.actor[i]] ? 1 : 0;
      big.uncertain[i] = on && day !== null && (s.t1[i] > s.t[i] || (s.flags[i] & UNCERTAIN)) ? 1 : 0;
    }
    big.areas.forEach(function (area) { area.shown = area.ids.some(function (i) { return big.inTime[i]; }); });
    big.layer.redraw();
    return [visible, s.n];
  }

  function hits(big, point) {
    // What lies under a container point in the last picture: a cluster, else towns, arcs, areas.
    var d = big.drawn, v = big.view, map = big.map;
    if (!d || !v) { return null; }
    var p = map.containerPointToLayerPoint(point), x = p.x - v.min.x, y = p.y - v.min.y, i;
    for (i = d.clusters.length - 1; i >= 0; i--) {
      var k = d.clusters[i];
      if ((k.x - x) * (k.x - x) + (k.y - y) * (k.y - y) <= k.r * k.r) { return {cluster: k}; }
    }
    var near = function (kind, radius) {
      return d.singles.filter(function (j) {
        var r = radius(j);
        return big.store.kind[j] === kind && (big.x[j] - x) * (big.x[j] - x) + (big.y[j] - y) * (big.y[j] - y) <= r * r;
      });
    };
    var towns = near(PT, function () { return HIT_PX; });
    if (towns.length) { return {ids: towns}; }
    for (i = d.arcs.length - 1; i >= 0; i--) {
      if (nearArc(d.arcs[i], x, y)) { return {ids: [d.arcs[i][0]]}; }
    }
    var areas = near(AREA, function (j) { return areaRadius(big, j, v); });
    if (areas.length) { return {ids: areas}; }
    var ratio = window.devicePixelRatio || 1, ctx = big.layer._ctx;
    var country = d.countries.filter(function (c) { return ctx.isPointInPath(c.path, x * ratio, y * ratio, 'evenodd'); });
    return country.length ? {country: country[country.length - 1].area} : null;
  }

  function nearArc(a, x, y) {
    var px = a[1], py = a[2];
    for (var k = 1; k <= 16; k++) {
      var t = k / 16, u = 1 - t;
      var qx = u * u * a[1] + 2 * u * t * a[3] + t * t * a[5], qy = u * u * a[2] + 2 * u * t * a[4] + t * t * a[6];
      var dx = qx - px, dy = qy - py, len = dx * dx + dy * dy || 1;
      var f = Math.max(0, Math.min(1, ((x - px) * dx + (y - py) * dy) / len));
      var ex = px + f * dx - x, ey = py + f * dy - y;
      if (ex * ex + ey * ey <= 16) { return true; }
      px = qx; py = qy;
    }
    return false;
  }

  function zoomToCluster(big, k) {
    var s = big.store, bounds = L.latLngBounds([]);
    for (var i = 0; i < s.n; i++) { if (big.cell[i] === k.c) { bounds.extend([s.lat[i], s.lon[i]]); } }
    big.map.fitBounds(bounds, {padding: [40, 40], maxZoom: CLUSTER_UNTIL_ZOOM});
  }

  function onClick(big, e) {
    var found = hits(big, e.containerPoint);
    if (!found) { return; }
    if (found.cluster) { zoomToCluster(big, found.cluster); return; }
    if (found.country) { SMap.openStrikes(big.map, e.latlng, found.country.h, found.country.ids); return; }
    var s = big.store, ids = found.ids, one = ids.length === 1;
    SMap.openStrikes(big.map, one ? L.latLng(s.lat[ids[0]], s.lon[ids[0]]) : e.latlng,
                     one ? null : ids.length + ' strikes here', ids);
  }

  // ---------------------------------------------------------------- popups: inflated on demand

  function inflate(b64) {
    var stream = new Blob([bytes(b64)]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Response(stream).json();
  }

  function popupLines(big, ids) {
    var size = big.chunkSize;
    return Promise.all(ids.map(function (i) {
      var k = Math.floor(i / size);
      if (!big.chunkCache.has(k)) {
        if (big.chunkCache.size >= 16) { big.chunkCache.delete(big.chunkCache.keys().next().value); }
        big.chunkCache.set(k, inflate(big.chunks[k]));
      }
      return big.chunkCache.get(k).then(function (items) { return items[i % size]; });
    }));
  }

  function openStrikes(map, latlng, heading, ids) {
    // One strike's popup, or the latest few of several (heading escaped in Python or built here).
    var big = map._sm && map._sm.canvas, s = big.store, token = ++big.popups;
    var order = ids.slice().sort(function (a, b) { return (s.t[b] || 0) - (s.t[a] || 0); }).slice(0, LIST);
    if (map.options.smPanel) {
      popupLines(big, order.slice(0, 1)).then(function (lines) { map.fire('sm:select', {id: lines[0][0]}); });
      return;
    }
    var popup = L.popup(SMap.popupOptions(map)).setLatLng(latlng)
      .setContent('<div class="sm-pop"><small>Loading\u2026</small></div>').openOn(map);
    if (typeof DecompressionStream === 'undefined') {
      popup.setContent('<div class="sm-pop">This browser cannot unpack the strike details ' +
                       '(it needs DecompressionStream: Chrome 80, Firefox 113, Safari 16.4 or later).</div>');
      return;
    }
    popupLines(big, order).then(function (lines) {
      if (token !== big.popups) { return; }  // another popup opened meanwhile
      var shown = lines.map(function (line, k) {
        return SMap.popupHtml(big.actors[s.actor[order[k]]], {p: line[1]});
      });
      var more = ids.length > LIST ? '<div class="sm-pop"><small>\u2026 and ' + (ids.length - LIST) +
        ' more</small></div>' : '';
      popup.setContent((heading ? '<div class="sm-pop"><h4>' + heading + '</h4></div>' : '') + shown.join('<hr>') + more);
      map.fire('sm:select', {id: lines[0][0]});
    });
  }

  // ---------------------------------------------------------------- the calls rendering.py makes

  function canvasActor(map, group, data) {
    // An actor's entry in the layer list: a switch for its strikes and hatched countries on the canvas.
    var sm = SMap.state(map), entry = {actor: data.actor, group: group, areas: []};
    (sm.canvasActors = sm.canvasActors || []).push(entry);
    data.areas.forEach(function (area) {
      entry.areas.push({actor: data.actor, color: data.color, h: area.h, ids: area.ids, shown: true,
                        rings: rings(area.g)});
    });
    group.on('add remove', function () {
      var big = sm.canvas;
      if (big) { big.actorOn[data.actor] = map.hasLayer(group) ? 1 : 0; filter(big, big.day, big.windowDays); }
    });
  }

  function rings(geometry) {
    // A GeoJSON (Multi)Polygon as rings of Web Mercator x, y pairs (0..1), each with its box.
    var polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates, out = [];
    polygons.forEach(function (polygon) {
      polygon.forEach(function (ring) {
        var xy = new Float64Array(ring.length * 2), box = [Infinity, Infinity, -Infinity, -Infinity];
        ring.forEach(function (p, k) {
          xy[2 * k] = (p[0] + 180) / 360;
          xy[2 * k + 1] = mercatorY(p[1]);
          box = [Math.min(box[0], xy[2 * k]), Math.min(box[1], xy[2 * k + 1]),
                 Math.max(box[2], xy[2 * k]), Math.max(box[3], xy[2 * k + 1])];
        });
        out.push({xy: xy, box: box});
      });
    });
    return out;
  }

  function addStrikes(map, data) {
    var sm = SMap.state(map), store = decode(data), n = store.n, entries = sm.canvasActors || [];
    var big = {map: map, store: store, actors: data.actors, chunks: data.chunks, chunkSize: data.chunk,
               chunkCache: new Map(), popups: 0, draws: 0, day: null, windowDays: 0, hatches: {},
               visible: new Uint8Array(n), inTime: new Uint8Array(n), uncertain: new Uint8Array(n),
               cell: new Int32Array(n), x: new Float32Array(n), y: new Float32Array(n),
               actorOn: new Uint8Array(data.actors.length).fill(1), areas: []};
    entries.forEach(function (entry) {
      big.actorOn[entry.actor] = map.hasLayer(entry.group) ? 1 : 0;
      entry.areas.forEach(function (area) { big.areas.push(area); });
    });
    sm.canvas = big;
    big.layer = new StrikeCanvas(big).addTo(map);
    // Kept so StrikeMap.reset can take them off again (the app draws each view into the same map).
    big.handlers = {
      click: function (e) { onClick(big, e); },
      mousemove: function (e) { map.getContainer().style.cursor = hits(big, e.containerPoint) ? 'pointer' : ''; }
    };
    map.on(big.handlers);
    filter(big, null, 0);
    return big;
  }

  function strikePoint(big, id) {
    // [lat, lon] of the strike with this id, or null. Ids live only in the popup chunks: the first
    // question reads them all once (the app asks when a table row is chosen).
    if (!big.ids) {
      big.ids = Promise.all(big.chunks.map(inflate)).then(function (chunks) {
        var ids = new Map();
        chunks.forEach(function (items, k) {
          items.forEach(function (item, j) { ids.set(item[0], k * big.chunkSize + j); });
        });
        return ids;
      });
    }
    return big.ids.then(function (ids) {
      var i = ids.get(id);
      return i === undefined ? null : [big.store.lat[i], big.store.lon[i]];
    });
  }

  SMap.addStrikes = addStrikes;
  SMap.canvasPoint = function (map, id) {
    var big = map._sm && map._sm.canvas;
    return big ? strikePoint(big, id) : Promise.resolve(null);
  };
  SMap.canvasActor = canvasActor;
  SMap.openStrikes = openStrikes;
  SMap.canvasFilter = function (map, day, windowDays) {
    var big = map._sm.canvas;
    big.day = day;
    big.windowDays = windowDays || 0;
    return filter(big, day, big.windowDays);
  };
})(window.StrikeMap);
