/* fazhi portal enhancements: favourites in localStorage, remembered display modes, print.
   Every page works without this file; it only adds comfort. */
(function () {
  "use strict";
  var FAV_KEY = "fazhi.favorites";
  var PREFS_KEY = "fazhi.prefs";
  var root = document.documentElement;

  function readJSON(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function writeJSON(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }
  function cookie(name) {
    var m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function setCookie(name, value) {
    document.cookie = name + "=" + value + "; path=/; max-age=31536000; SameSite=Lax";
  }

  /* Display modes: the server renders them from cookies; localStorage keeps them if the
     cookies are cleared, and restores them on the next visit. */
  function syncPrefs() {
    var stored = readJSON(PREFS_KEY, {});
    var current = {
      mode: cookie("fz_mode"), a11y: cookie("fz_a11y"), size: cookie("fz_size")
    };
    var restored = false;
    if (!document.cookie.match(/(?:^|; )fz_(mode|a11y|size)=/) && (stored.mode || stored.a11y || stored.size)) {
      if (stored.mode) { setCookie("fz_mode", stored.mode); root.classList.add("mode-elderly"); restored = true; }
      if (stored.a11y) { setCookie("fz_a11y", stored.a11y); root.classList.add("mode-a11y"); restored = true; }
      if (stored.size) {
        setCookie("fz_size", stored.size);
        root.classList.remove("size-medium");
        root.classList.add("size-" + stored.size);
        restored = true;
      }
      if (restored) { location.reload(); }
      return;
    }
    writeJSON(PREFS_KEY, current);
  }

  /* A click on a preference link (/prefs/?mode=…) records the new choice before the
     server sets the cookie, so a restore never brings back a mode just switched off. */
  function rememberChoice(e) {
    var link = e.target.closest ? e.target.closest('a[href^="/prefs/"]') : null;
    if (!link) { return; }
    var params = new URLSearchParams(link.getAttribute("href").split("?")[1] || "");
    var stored = readJSON(PREFS_KEY, {});
    if (params.has("mode")) { stored.mode = params.get("mode") === "elderly" ? "elderly" : null; }
    if (params.has("a11y")) { stored.a11y = params.get("a11y") === "on" ? "on" : null; }
    if (params.has("size")) {
      var size = params.get("size");
      stored.size = size === "large" || size === "small" ? size : null;
    }
    writeJSON(PREFS_KEY, stored);
  }

  function favorites() { return readJSON(FAV_KEY, []); }
  function isFavorite(id) {
    return favorites().some(function (f) { return f.id === id; });
  }

  function setupFavButton(btn) {
    var id = btn.getAttribute("data-fav-id");
    var addText = btn.textContent;
    var removeText = btn.getAttribute("data-fav-remove") || addText;
    function render() {
      var on = isFavorite(id);
      btn.setAttribute("aria-pressed", on ? "true" : "false");
      btn.textContent = on ? removeText : addText;
    }
    btn.hidden = false;
    render();
    btn.addEventListener("click", function () {
      var list = favorites();
      if (isFavorite(id)) {
        list = list.filter(function (f) { return f.id !== id; });
      } else {
        list.unshift({
          id: id,
          title: btn.getAttribute("data-fav-title"),
          url: btn.getAttribute("data-fav-url"),
          saved: new Date().toISOString().slice(0, 10)
        });
      }
      writeJSON(FAV_KEY, list);
      render();
    });
  }

  function renderFavoritesPage(ul) {
    var list = favorites();
    ul.textContent = "";
    if (!list.length) {
      var li = document.createElement("li");
      li.className = "muted";
      li.textContent = ul.getAttribute("data-empty");
      ul.appendChild(li);
      return;
    }
    list.forEach(function (f) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = f.url;
      a.textContent = f.title;
      var meta = document.createElement("span");
      meta.className = "doc-list__meta";
      meta.textContent = f.id;
      var rm = document.createElement("button");
      rm.type = "button";
      rm.className = "link-button";
      rm.textContent = ul.getAttribute("data-remove");
      rm.setAttribute("aria-label", ul.getAttribute("data-remove") + "：" + f.title);
      rm.addEventListener("click", function () {
        writeJSON(FAV_KEY, favorites().filter(function (g) { return g.id !== f.id; }));
        renderFavoritesPage(ul);
        var first = ul.querySelector("a, button");
        if (first) { first.focus(); }
      });
      li.appendChild(a);
      li.appendChild(meta);
      li.appendChild(rm);
      ul.appendChild(li);
    });
  }

  function setupPrint(link) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      window.print();
    });
  }

  function init() {
    syncPrefs();
    document.addEventListener("click", rememberChoice);
    document.querySelectorAll("[data-fav]").forEach(setupFavButton);
    var favList = document.getElementById("favorites-list");
    if (favList) { renderFavoritesPage(favList); }
    document.querySelectorAll("[data-print]").forEach(setupPrint);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
