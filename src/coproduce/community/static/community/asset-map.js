/* The asset map: progressive enhancement of the list on the same page (community/assets.html).
 *
 * Without JavaScript, or when Leaflet or the map data fail to load, the map stays hidden and the list is the page.
 * The points come from the map data endpoint with the page's own search and filters, in a compact form (each
 * point [id, latitude, longitude, kind index, short name, the name's language if not the page's]: see
 * community/listing.py); a sensitive asset's coordinates are never in it for a reader who may not see its place. Popups are built from text nodes, never
 * from HTML, so a name cannot inject markup. No inline styles (the Content-Security-Policy forbids them): Leaflet
 * positions its panes through the CSSOM, which the policy allows.
 */
(function () {
  "use strict";
  var box = document.getElementById("asset-map");
  if (!box || typeof window.L === "undefined" || !window.fetch) {
    return;
  }
  var COLOURS = {
    skills: "#1d70b8",
    associations: "#00703c",
    organisations: "#4c2c92",
    places: "#b58840",
    economic: "#d4351c",
    cultural: "#912b88"
  };

  function popup(point, data) {
    var wrap = document.createElement("div");
    var link = document.createElement("a");
    link.href = data.url.replace("/0/", "/" + point[0] + "/");
    link.textContent = point[4];
    if (point[5]) {
      link.lang = point[5];
    }
    var kind = document.createElement("div");
    kind.textContent = data.kind_names[point[3]] || "";
    wrap.appendChild(link);
    wrap.appendChild(kind);
    return wrap;
  }

  fetch(box.getAttribute("data-points"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.ok ? response.json() : Promise.reject(response.status);
    })
    .then(function (data) {
      if (!data.points || !data.points.length) {
        return;
      }
      box.hidden = false;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", box.getAttribute("data-label"));
      var map = L.map(box, { preferCanvas: true, scrollWheelZoom: false });
      var tiles = box.getAttribute("data-tiles");
      if (tiles) {
        L.tileLayer(tiles, { maxZoom: 19, attribution: box.getAttribute("data-attribution") }).addTo(map);
      }
      var layer = L.featureGroup();
      data.points.forEach(function (point) {
        var marker = L.circleMarker([point[1], point[2]], {
          radius: 8,
          weight: 2,
          color: "#0b0c0c",
          fillColor: COLOURS[data.kinds[point[3]]] || "#505a5f",
          fillOpacity: 0.9
        });
        // Built when first opened: thousands of points need no popup until someone opens one.
        marker.bindPopup(function () {
          return popup(point, data);
        });
        layer.addLayer(marker);
      });
      layer.addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 15 });
      box.classList.add("asset-map--ready");
    })
    .catch(function () {
      box.hidden = true;
    });
})();
