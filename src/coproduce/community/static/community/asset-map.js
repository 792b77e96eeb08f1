/* The asset map: progressive enhancement of the list on the same page (community/assets.html).
 *
 * Without JavaScript, or when Leaflet or the map data fail to load, the map stays hidden and the list is the page.
 * The points come from the map data endpoint with the page's own search and filters; a sensitive asset's
 * coordinates are never in it for a reader who may not see its place. Popups are built from text nodes, never
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

  function popup(feature, data) {
    var p = feature.properties;
    var wrap = document.createElement("div");
    var link = document.createElement("a");
    link.href = data.url.replace("/0/", "/" + p.id + "/");
    link.textContent = p.name;
    if (p.lang && p.lang !== document.documentElement.lang) {
      link.lang = p.lang;
    }
    var kind = document.createElement("div");
    kind.textContent = data.kinds[p.kind] || "";
    wrap.appendChild(link);
    wrap.appendChild(kind);
    return wrap;
  }

  fetch(box.getAttribute("data-points"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.ok ? response.json() : Promise.reject(response.status);
    })
    .then(function (data) {
      if (!data.features || !data.features.length) {
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
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, {
            radius: 8,
            weight: 2,
            color: "#0b0c0c",
            fillColor: COLOURS[feature.properties.kind] || "#505a5f",
            fillOpacity: 0.9
          });
        },
        onEachFeature: function (feature, marker) {
          marker.bindPopup(popup(feature, data));
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 15 });
      box.classList.add("asset-map--ready");
    })
    .catch(function () {
      box.hidden = true;
    });
})();
