/* Strike Map's big-map drawing (written by us, MIT): what strikemap-canvas.js's layer paints after each move.
 *
 * Input: the strikes as columns (strikemap-canvas.js decodes them) and the view (canvas size, its corner in
 * world pixels, the zoom). Strikes within 42 px of each other are counted in one cluster below zoom 9, as
 * strikemap.js's clusters; the rest are dots (towns, sites) and dashed circles (districts, provinces,
 * regions: their uncertainty); hatched countries where only the country is known; arcs one per strike when
 * few enough are in view, merged by route otherwise. Same-styled shapes share one canvas path: drawing
 * 100,000 strikes costs a few stroke calls per actor, not one per strike.
 */
(function (SMap) {
  'use strict';
  var K = {CELL: 42, CLUSTER_MIN: 3, CLUSTER_UNTIL_ZOOM: 9, NO_DAY: -2147483648, UNCERTAIN: 1, DASHED: 2,
           PT: 0, AREA: 1, CTY: 2};
  var CELL = K.CELL, CLUSTER_MIN = K.CLUSTER_MIN, CLUSTER_UNTIL_ZOOM = K.CLUSTER_UNTIL_ZOOM, DASHED = K.DASHED;
  var PT = K.PT, AREA = K.AREA, CTY = K.CTY, ARCS_EACH_UP_TO = 400, ROUTES_UP_TO = 400, ROUTE_PX = 4 * CELL;
  var EARTH_M = 40075016.686;

  function mercatorY(lat) {
    // Leaflet's EPSG:3857 in world units (0..1): pixel y = mercatorY(lat) * 256 * 2^zoom.
    var phi = Math.max(Math.min(lat, 85.0511287798), -85.0511287798) * Math.PI / 180;
    return (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2;
  }

  function draw(big, ctx, view) {
    var s = big.store, n = s.n, vis = big.visible, cell = big.cell, S = view.scale, i, c, x, y;
    var clustering = view.zoom < CLUSTER_UNTIL_ZOOM;
    var cx0 = Math.floor(view.x0 / CELL) - 1, cy0 = Math.floor(view.y0 / CELL) - 1;
    var cols = Math.ceil(view.w / CELL) + 4, rows = Math.ceil(view.h / CELL) + 4, A = big.actors.length;
    var count = new Int32Array(cols * rows), sumX = new Float64Array(cols * rows), sumY = new Float64Array(cols * rows);
    var byActor = new Int32Array(cols * rows * A);
    for (i = 0; i < n; i++) {
      cell[i] = -1;
      if (!vis[i] || s.kind[i] === CTY) { continue; }
      x = s.mx[i] * S - view.x0;
      y = s.my[i] * S - view.y0;
      big.x[i] = x;
      big.y[i] = y;
      if (x < -CELL || y < -CELL || x > view.w + CELL || y > view.h + CELL) { continue; }
      c = (Math.floor((x + view.x0) / CELL) - cx0) + (Math.floor((y + view.y0) / CELL) - cy0) * cols;
      cell[i] = c;
      count[c] += 1; sumX[c] += x; sumY[c] += y; byActor[c * A + s.actor[i]] += 1;
    }
    var clustered = new Uint8Array(cols * rows), clusters = [], singles = [];
    if (clustering) {
      for (c = 0; c < count.length; c++) {
        if (count[c] >= CLUSTER_MIN) {
          clustered[c] = 1;
          clusters.push({c: c, n: count[c], x: sumX[c] / count[c], y: sumY[c] / count[c], color: mainColor(big, byActor, c)});
        }
      }
    }
    for (i = 0; i < n; i++) { if (cell[i] >= 0 && !clustered[cell[i]]) { singles.push(i); } }
    big.drawn = {clusters: clusters, singles: singles, arcs: []};
    drawCountries(big, ctx, view);
    drawAreas(big, ctx, view, singles);
    var routes = drawArcs(big, ctx, view);
    drawPoints(big, ctx, singles);
    clusters.forEach(function (k) { drawCluster(ctx, k); });
    note(big, clusters.length, routes);
    return tally(big, routes);
  }

  function tally(big, routes) {
    // What this draw put on the canvas, for the page's data-sm-drawn (tests and the benchmark read it).
    var d = big.drawn, out = {clusters: d.clusters.length, towns: 0, areas: 0, uncertain: 0, arcs: d.arcs.length,
                              routes: routes ? routes.drawn : 0, countries: d.countries.length};
    d.singles.forEach(function (i) {
      if (big.store.kind[i] === PT) { out.towns += 1; } else { out.areas += 1; }
      out.uncertain += big.uncertain[i];
    });
    return out;
  }

  function mainColor(big, byActor, c) {
    var A = big.actors.length, best = 0;
    for (var a = 1; a < A; a++) { if (byActor[c * A + a] > byActor[c * A + best]) { best = a; } }
    return big.actors[best].color;
  }

  function groups(items, key) {
    // Items batched by actor and style: one canvas path per batch instead of one per strike.
    var out = {};
    items.forEach(function (i) {
      var k = key(i);
      (out[k] = out[k] || []).push(i);
    });
    return out;
  }

  function styleKey(big) {
    return function (i) { return big.store.actor[i] + ':' + (big.uncertain[i] ? 1 : 0); };
  }

  function areaRadius(big, i, view) {
    // Metres to pixels at the strike's latitude (Web Mercator stretches by 1 / cos(lat)).
    var s = big.store;
    return Math.max(3, s.r[i] * view.scale / (EARTH_M * Math.cos(s.lat[i] * Math.PI / 180)));
  }

  function drawAreas(big, ctx, view, singles) {
    var batches = groups(singles.filter(function (i) { return big.store.kind[i] === AREA; }), styleKey(big));
    Object.keys(batches).forEach(function (k) {
      var parts = k.split(':'), color = big.actors[+parts[0]].color, uncertain = parts[1] === '1';
      ctx.beginPath();
      batches[k].forEach(function (i) {
        var r = areaRadius(big, i, view);
        ctx.moveTo(big.x[i] + r, big.y[i]);
        ctx.arc(big.x[i], big.y[i], r, 0, 2 * Math.PI);
      });
      ctx.fillStyle = color;
      ctx.globalAlpha = uncertain ? 0.04 : 0.06;
      ctx.fill();
      ctx.globalAlpha = uncertain ? 0.5 : 0.8;
      ctx.setLineDash(uncertain ? [3, 3] : [4, 4]);
      ctx.lineWidth = 1.2;
      ctx.strokeStyle = color;
      ctx.stroke();
    });
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  }

  function hatch(big, ctx, color, view) {
    // strikemap.js's SVG hatch (8 px, 45 degrees) as a canvas pattern, anchored to the map, not the canvas:
    // an SVG pattern fill over a big country took seconds to paint after each zoom.
    var tile = big.hatches[color];
    if (!tile) {
      tile = big.hatches[color] = document.createElement('canvas');
      tile.width = tile.height = 8;
      var g = tile.getContext('2d');
      g.globalAlpha = 0.10;
      g.fillStyle = color;
      g.fillRect(0, 0, 8, 8);
      g.globalAlpha = 0.55;
      g.strokeStyle = color;
      g.lineWidth = 2.2;
      g.beginPath();
      g.moveTo(0, 0);
      g.lineTo(0, 8);
      g.stroke();
    }
    var pattern = ctx.createPattern(tile, 'repeat');
    pattern.setTransform(new DOMMatrix().translate(-((view.x0 + view.y0) % (8 * Math.SQRT2)), 0).rotate(45));
    return pattern;
  }

  function drawCountries(big, ctx, view) {
    var S = view.scale, drawn = [];
    big.areas.forEach(function (area) {
      if (!area.shown || !big.actorOn[area.actor]) { return; }
      var path = new Path2D(), any = false;
      area.rings.forEach(function (ring) {
        var b = ring.box, xy = ring.xy;
        if (b[2] * S - view.x0 < 0 || b[3] * S - view.y0 < 0 || b[0] * S - view.x0 > view.w ||
            b[1] * S - view.y0 > view.h) { return; }
        any = true;
        path.moveTo(xy[0] * S - view.x0, xy[1] * S - view.y0);
        for (var k = 2; k < xy.length; k += 2) { path.lineTo(xy[k] * S - view.x0, xy[k + 1] * S - view.y0); }
        path.closePath();
      });
      if (!any) { return; }
      ctx.globalAlpha = 0.6;
      ctx.fillStyle = hatch(big, ctx, area.color, view);
      ctx.fill(path, 'evenodd');
      ctx.globalAlpha = 1;
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = area.color;
      ctx.stroke(path);
      ctx.setLineDash([]);
      drawn.push({area: area, path: path});
    });
    big.drawn.countries = drawn;
  }

  function drawPoints(big, ctx, singles) {
    var batches = groups(singles.filter(function (i) { return big.store.kind[i] === PT; }), styleKey(big));
    Object.keys(batches).forEach(function (k) {
      var parts = k.split(':'), uncertain = parts[1] === '1';
      ctx.beginPath();
      batches[k].forEach(function (i) {
        ctx.moveTo(big.x[i] + 6, big.y[i]);
        ctx.arc(big.x[i], big.y[i], 6, 0, 2 * Math.PI);
      });
      ctx.globalAlpha = uncertain ? 0.35 : 0.95;
      ctx.fillStyle = big.actors[+parts[0]].color;
      ctx.fill();
      ctx.globalAlpha = uncertain ? 0.5 : 1;
      ctx.setLineDash(uncertain ? [3, 3] : []);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
    });
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  }

  function drawCluster(ctx, k) {
    var size = k.n < 10 ? 28 : k.n < 100 ? 34 : 40, r = size / 2;  // as strikemap.js's clusters
    ctx.beginPath();
    ctx.arc(k.x, k.y, r + 4, 0, 2 * Math.PI);
    ctx.fillStyle = 'rgba(0,0,0,0.12)';
    ctx.fill();
    ctx.beginPath();
    ctx.arc(k.x, k.y, r - 1, 0, 2 * Math.PI);
    ctx.fillStyle = k.color;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.stroke();
    ctx.fillStyle = '#ffffff';
    ctx.font = '700 12px system-ui, "DejaVu Sans", sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(k.n < 1000 ? String(k.n) : k.n < 9950 ? (k.n / 1000).toFixed(1) + 'k' : Math.round(k.n / 1000) + 'k',
                 k.x, k.y + 0.5);
    k.r = r + 2;
  }

  // ---------------------------------------------------------------- arcs: one per strike, or one per route

  function bend(x0, y0, x2, y2) {
    // The control point of strikemap.js's arcPoints, in screen pixels (y grows downwards).
    var dx = x2 - x0, dy = y2 - y0;
    return [(x0 + x2) / 2 + dy * 0.18, (y0 + y2) / 2 - dx * 0.18];
  }

  function arrow(ctx, cx, cy, x, y, size) {
    // An arrowhead ending 0.4 x size before the impact, as the SVG marker's refX does.
    var dx = x - cx, dy = y - cy, d = Math.sqrt(dx * dx + dy * dy) || 1;
    dx /= d; dy /= d;
    var tipX = x - dx * size * 0.4, tipY = y - dy * size * 0.4, baseX = x - dx * size * 1.4, baseY = y - dy * size * 1.4;
    ctx.moveTo(tipX, tipY);
    ctx.lineTo(baseX - dy * size / 2, baseY + dx * size / 2);
    ctx.lineTo(baseX + dy * size / 2, baseY - dx * size / 2);
    ctx.closePath();
  }

  function drawArcs(big, ctx, view) {
    var s = big.store, S = view.scale, shown = [], i, o, x0, y0, x2, y2, cx, cy;
    for (i = 0; i < s.n; i++) {
      o = s.origin[i];
      if (o < 0 || !big.visible[i]) { continue; }
      x0 = s.omx[o] * S - view.x0; y0 = s.omy[o] * S - view.y0;
      x2 = s.mx[i] * S - view.x0; y2 = s.my[i] * S - view.y0;
      cx = (x0 + x2) / 2 + (y2 - y0) * 0.18; cy = (y0 + y2) / 2 - (x2 - x0) * 0.18;  // as bend()
      if (Math.max(x0, x2, cx) >= 0 && Math.max(y0, y2, cy) >= 0 && Math.min(x0, x2, cx) <= view.w &&
          Math.min(y0, y2, cy) <= view.h) { shown.push(i); }
    }
    if (shown.length <= ARCS_EACH_UP_TO) {
      eachArc(big, ctx, view, shown);
      return null;
    }
    return routeArcs(big, ctx, view, shown);
  }

  function strokeArcs(ctx, color, width, alpha, dashed, uncertain, paths) {
    ctx.beginPath();
    paths.forEach(function (p) { ctx.moveTo(p[0], p[1]); ctx.quadraticCurveTo(p[2], p[3], p[4], p[5]); });
    ctx.globalAlpha = uncertain ? 0.5 : alpha;
    ctx.setLineDash(uncertain ? [3, 3] : dashed ? [7, 6] : []);
    ctx.lineWidth = width;
    ctx.strokeStyle = color;
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    paths.forEach(function (p) { arrow(ctx, p[2], p[3], p[4], p[5], 5 * Math.min(width, 3)); });
    ctx.fillStyle = color;
    ctx.fill();
    ctx.globalAlpha = 1;
  }

  function eachArc(big, ctx, view, shown) {
    var s = big.store, S = view.scale, batches = {};
    shown.forEach(function (i) {
      var o = s.origin[i], x0 = s.omx[o] * S - view.x0, y0 = s.omy[o] * S - view.y0;
      var x2 = s.mx[i] * S - view.x0, y2 = s.my[i] * S - view.y0, c = bend(x0, y0, x2, y2);
      var key = s.actor[i] + ':' + (s.flags[i] & DASHED ? 1 : 0) + ':' + (big.uncertain[i] ? 1 : 0);
      (batches[key] = batches[key] || []).push([x0, y0, c[0], c[1], x2, y2]);
      big.drawn.arcs.push([i, x0, y0, c[0], c[1], x2, y2]);
    });
    Object.keys(batches).forEach(function (k) {
      var p = k.split(':');
      strokeArcs(ctx, big.actors[+p[0]].color, 2.2, 0.85, p[1] === '1', p[2] === '1', batches[k]);
    });
  }

  function routeArcs(big, ctx, view, shown) {
    // Too many arcs to read: strikes by one actor from one area to another (ROUTE_PX squares) share an arc
    // from their mean origin to their mean impact, as wide as the route is busy; the busiest are drawn.
    var s = big.store, S = view.scale, routes = new Map();
    shown.forEach(function (i) {
      var o = s.origin[i], ox = s.omx[o] * S, oy = s.omy[o] * S, ix = s.mx[i] * S, iy = s.my[i] * S;
      var key = s.actor[i] + ':' + (s.flags[i] & DASHED ? 1 : 0) + ':' + Math.floor(ox / ROUTE_PX) + ',' +
        Math.floor(oy / ROUTE_PX) + ':' + Math.floor(ix / ROUTE_PX) + ',' + Math.floor(iy / ROUTE_PX);
      var route = routes.get(key);
      if (!route) {
        route = {n: 0, ox: 0, oy: 0, ix: 0, iy: 0, a: s.actor[i], dashed: !!(s.flags[i] & DASHED)};
        routes.set(key, route);
      }
      route.n += 1; route.ox += ox; route.oy += oy; route.ix += ix; route.iy += iy;
    });
    var list = Array.from(routes.values()).sort(function (a, b) { return b.n - a.n; });
    var drawn = list.slice(0, ROUTES_UP_TO), batches = {};
    drawn.forEach(function (r) {
      var x0 = r.ox / r.n - view.x0, y0 = r.oy / r.n - view.y0, x2 = r.ix / r.n - view.x0, y2 = r.iy / r.n - view.y0;
      var c = bend(x0, y0, x2, y2), width = Math.min(1 + 1.5 * Math.log10(r.n), 6);
      var key = r.a + ':' + (r.dashed ? 1 : 0) + ':' + width.toFixed(1);
      (batches[key] = batches[key] || []).push([x0, y0, c[0], c[1], x2, y2]);
    });
    // Thin routes first: the busy ones are drawn over them.
    Object.keys(batches).sort(function (a, b) { return +a.split(':')[2] - +b.split(':')[2]; }).forEach(function (k) {
      var p = k.split(':');
      strokeArcs(ctx, big.actors[+p[0]].color, +p[2], 0.35 + 0.08 * +p[2], p[1] === '1', false, batches[k]);
    });
    return {drawn: drawn.length, routes: list.length, strikes: shown.length};
  }

  function note(big, clusters, routes) {
    // What the picture leaves out at this zoom, said in the legend (folded on small screens).
    var details = big.map.getContainer().querySelector('.sm-legend details');
    if (!details) { return; }
    var el = details.querySelector('.sm-live');
    if (!el) { el = L.DomUtil.create('div', 'sm-note sm-live', details); }
    var parts = [];
    if (clusters) { parts.push('Numbers: strikes within ~40 px counted together; click one to zoom in.'); }
    if (routes) {
      parts.push('Arcs merged by route: ' + (routes.drawn < routes.routes ? 'the ' + routes.drawn + ' busiest of ' : '') +
                 routes.routes.toLocaleString('en-US') + ' routes for ' + routes.strikes.toLocaleString('en-US') +
                 ' strikes in view; zoom in for one arc each.');
    }
    el.textContent = parts.join(' ');
    el.style.display = parts.length ? '' : 'none';
  }

  SMap.canvasDraw = {K: K, draw: draw, areaRadius: areaRadius, mercatorY: mercatorY};
})(window.StrikeMap);
