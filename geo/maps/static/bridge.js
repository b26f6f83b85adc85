/* The app's live map: Streamlit's component protocol (postMessage) around StrikeMap (written by us, MIT).
 *
 * The page (Leaflet, our library, the country borders) loads once. Each rerun of the app sends
 * a "streamlit:render" message with the view's drawing data; the map is redrawn only when the
 * data changed (args.view), and re-centred only when the selection came from the app (a table
 * row). Clicking a strike sends {event, n} back, which reruns the app; panning and zooming
 * send nothing, so they never rerun it.
 */
(function () {
  'use strict';
  var BORDERS = 'Country borders (Natural Earth)';
  var map = null, tiles = null, bordersGroup = null, bordersLayer = null, overlays = null, legend = null, time = null;
  var countries = null, drawnView = null, selected = null, clicks = 0, height = 0, drawing = Promise.resolve();
  var shownBorders = null;  // the drawn view's border styles, for the countries when they arrive
  var reported = false;

  function send(type, data) {
    var message = {isStreamlitMessage: true, type: type};
    Object.keys(data || {}).forEach(function (k) { message[k] = data[k]; });
    window.parent.postMessage(message, '*');
  }

  function setHeight(h) {
    if (h !== height) { height = h; send('streamlit:setFrameHeight', {height: h}); }
  }

  function ensureMap() {
    if (map) { return; }
    map = L.map('map', {worldCopyJump: true, minZoom: 2, zoomSnap: 0.5, smPanel: true}).setView([30, 45], 3);
    window.strikeMap = map;  // for the browser tests and the benchmark
    L.control.scale().addTo(map);
    map.on('overlayadd overlayremove', function () { StrikeMap.recluster(map); StrikeMap.relabel(map); });
    map.on('sm:select', function (e) {
      clicks += 1;
      selected = e.id;
      StrikeMap.select(map, e.id, false);
      send('streamlit:setComponentValue', {value: {event: e.id, n: clicks}, dataType: 'json'});
    });
  }

  function firstViewDone() {
    // The app draws its charts and table only after the map's first view (their JavaScript, parsed in this
    // frame's thread, would hold the map back): say once that it is done, whether the draw worked or not.
    if (!reported) {
      reported = true;
      send('streamlit:setComponentValue', {value: {event: null, n: 0}, dataType: 'json'});
    }
  }

  function loadCountries() {
    if (!countries) { countries = fetch('countries.json').then(function (r) { return r.json(); }); }
    return countries;
  }

  function clear() {
    StrikeMap.reset(map);
    [overlays, legend, time].forEach(function (c) { if (c) { map.removeControl(c); } });
    overlays = legend = time = null;
  }

  function addCountries(shapes) {
    // Once, whenever countries.json arrives: the strikes never wait for 190 KB of borders.
    if (bordersGroup || !shownBorders) { return; }
    var borders = {};
    Object.keys(shownBorders).forEach(function (k) { borders[k] = shownBorders[k]; });
    borders.countries = shapes;
    borders.labels = [];  // the view's country names are already drawn (draw)
    bordersGroup = L.featureGroup().addTo(map);
    bordersLayer = StrikeMap.borders(map, bordersGroup, borders);
    if (overlays) { overlays.addOverlay(bordersGroup, BORDERS); }
  }

  function draw(args) {
    // The app sends its data as JSON text (see app.py's live_map); parsed only when the view changed.
    var payload = JSON.parse(args.payload), narrow = map.getSize().x < 640, layers = {};
    clear();
    if (args.tiles && !tiles) {
      var basemap = JSON.parse(args.tiles);
      tiles = L.tileLayer(basemap.url, {attribution: basemap.attr, subdomains: 'abcd', maxZoom: 19});
      tiles.addTo(map);
    }
    map.getContainer().style.setProperty('--sm-sea', payload.basemap === 'dark' ? '#1b1f27' : '#dce8f0');
    // The countries are drawn once (addCountries); each view only restyles them (which are struck, who struck).
    shownBorders = payload.borders;
    if (bordersLayer) { bordersLayer.setStyle(StrikeMap.borderStyle(payload.borders)); }
    StrikeMap.countryLabels(map, payload.borders);
    if (bordersGroup) { layers[BORDERS] = bordersGroup; }
    payload.actors.forEach(function (a, number) {
      var group = L.featureGroup().addTo(map);
      if (payload.canvas) {  // a big view: every strike on one canvas, each actor a switch in the list
        StrikeMap.canvasActor(map, group, {actor: number, color: a.data.color, index: a.data.index,
                                           areas: payload.canvas.areas[number]});
      } else {
        StrikeMap.addActor(map, group, a.data);
      }
      layers[a.name] = group;
    });
    if (payload.canvas) { StrikeMap.addStrikes(map, payload.canvas); }
    overlays = L.control.layers(null, layers, {collapsed: true, position: 'topright'}).addTo(map);
    // On a phone the playback bar takes the bottom: the (folded) legend goes under the layer list.
    legend = StrikeMap.htmlControl(map, payload.legend, narrow ? 'topright' : 'bottomright', 'sm-legend');
    if (payload.time) { time = StrikeMap.timeControl(map, payload.time); }
    if (payload.bounds) {
      map.fitBounds(payload.bounds, {paddingTopLeft: [30, 30], paddingBottomRight: narrow ? [30, 30] : [200, 50],
                                     maxZoom: 7, animate: false});
    }
    StrikeMap.finish(map, {dark: payload.basemap === 'dark'});
    document.body.setAttribute('data-view', args.view);
  }

  function sized() {
    // The frame starts 0 px high until Streamlit applies setFrameHeight; fitting bounds before that
    // would zoom to nothing. Wait (at most ~3 s) for a real size.
    return new Promise(function (resolve) {
      var tries = 0;
      (function check() {
        if (document.getElementById('map').clientHeight > 50 || tries++ > 180) {
          map.invalidateSize({pan: false});
          resolve();
        } else {
          requestAnimationFrame(check);
        }
      })();
    });
  }

  function render(args) {
    ensureMap();
    var narrow = document.body.clientWidth < 640;
    setHeight(narrow ? args.narrow_height : args.height);
    drawing = drawing.then(sized).then(function () {
      if (args.view === drawnView) { return; }
      var t0 = performance.now();
      draw(args);
      drawnView = args.view;
      document.body.setAttribute('data-draw-ms', String(Math.round(performance.now() - t0)));
      loadCountries().then(addCountries).catch(function (err) {  // the strikes stay; only borders are missing
        document.body.setAttribute('data-borders-error', String(err));
      });
    }).then(function () {
      var wanted = args.selected || null;
      if (wanted !== selected) {
        selected = wanted;
        StrikeMap.select(map, wanted, true);  // chosen in the app: centre on it
      } else {
        StrikeMap.select(map, wanted, false);
      }
      document.body.setAttribute('data-selected', wanted || '');
      firstViewDone();
    }).catch(function (err) {
      document.body.setAttribute('data-error', String(err));
      firstViewDone();
      throw err;
    });
  }

  window.addEventListener('resize', function () { if (map) { map.invalidateSize({pan: false}); } });
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (data && data.type === 'streamlit:render') {
      if (data.args.view !== drawnView) { document.body.setAttribute('data-received-at', String(Date.now())); }
      try {
        render(data.args);
      } catch (err) {  // Leaflet missing or broken: the rest of the app still comes
        document.body.setAttribute('data-error', String(err));
        firstViewDone();
      }
    }
  });
  // Start the slow parts before the first data arrives: the borders download and the frame's height
  // (the app's defaults; each render message confirms or corrects them).
  loadCountries();
  setHeight(document.body.clientWidth < 640 ? 440 : 620);
  send('streamlit:componentReady', {apiVersion: 1});
})();
