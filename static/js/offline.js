/* Offline attendance (training/offline.html, training/README.md "Offline").
 *
 * The day sheets and the recorded days live in IndexedDB, each value encrypted with AES-GCM
 * (WebCrypto). The key comes from the server, once per login, and is kept as a
 * non-extractable CryptoKey: scripts can use it but never read it out. When the server says
 * the device is revoked (HTTP 410), everything is wiped; logging out wipes it too
 * (Clear-Site-Data). An ended session keeps the unsent days: after the next login of the same
 * user they are re-encrypted with the new key and sent.
 *
 * Signatures are drawn by static/js/signature.js (loaded first): SVG path data in a fixed
 * 600×200 box, the grammar training/services.py checks.
 * No inline script and no eval: the page's CSP allows only scripts from our origin.
 */
(function () {
  "use strict";

  var DB_NAME = "reintegra-offline";
  var STORES = ["meta", "sheets", "queue"];

  var configNode = document.getElementById("offline-config");
  if (!configNode) {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var urls = config.endpoints;
  var texts = config.texts;
  var app = document.getElementById("offline-app");
  var state = { db: null, key: null, device: null, csrf: "", sheets: [], queue: {}, syncing: false, open: null };

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_match, name) {
      return values[name] === undefined ? "" : String(values[name]);
    });
  }

  function setStatus(text) {
    document.getElementById("connection").textContent = text;
  }

  // IndexedDB -------------------------------------------------------------------

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        var db = req.result;
        db.createObjectStore("meta");
        db.createObjectStore("sheets", { keyPath: "meeting" });
        db.createObjectStore("queue", { keyPath: "meeting" });
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function store(name, mode) {
    return state.db.transaction(name, mode || "readonly").objectStore(name);
  }

  function getAll(name) { return request(store(name).getAll()); }
  function put(name, value, key) {
    return request(key === undefined ? store(name, "readwrite").put(value) : store(name, "readwrite").put(value, key));
  }
  function remove(name, key) { return request(store(name, "readwrite").delete(key)); }

  function wipe() {
    var tx = state.db.transaction(STORES, "readwrite");
    STORES.forEach(function (name) { tx.objectStore(name).clear(); });
    state.key = null;
    state.device = null;
    state.sheets = [];
    state.queue = {};
    return new Promise(function (resolve) { tx.oncomplete = resolve; tx.onerror = resolve; });
  }

  // Encryption ---------------------------------------------------------------------

  function importKey(base64) {
    var raw = Uint8Array.from(atob(base64), function (c) { return c.charCodeAt(0); });
    return crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
  }

  function encrypt(key, value) {
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var data = new TextEncoder().encode(JSON.stringify(value));
    return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, key, data).then(function (cipher) {
      return { iv: iv, data: new Uint8Array(cipher) };
    });
  }

  function decrypt(key, record) {
    return crypto.subtle.decrypt({ name: "AES-GCM", iv: record.iv }, key, record.data).then(function (plain) {
      return JSON.parse(new TextDecoder().decode(plain));
    });
  }

  function putSealed(name, meeting, value) {
    return encrypt(state.key, value).then(function (sealed) {
      return put(name, { meeting: meeting, iv: sealed.iv, data: sealed.data });
    });
  }

  function readSealed(name, key) {
    return getAll(name).then(function (records) {
      return Promise.all(records.map(function (record) { return decrypt(key || state.key, record); }));
    });
  }

  // The server ----------------------------------------------------------------------

  function fetchJson(url, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = Object.assign({ Accept: "application/json" }, options.headers || {});
    return fetch(url, options).then(function (response) {
      if (response.redirected || response.status === 401) {
        return { login: true };
      }
      var type = response.headers.get("Content-Type") || "";
      var body = type.indexOf("application/json") === 0 ? response.json() : Promise.resolve({});
      return body.then(function (json) { return { status: response.status, json: json }; });
    });
  }

  function deviceToken() {
    return state.device ? state.device.token : "";
  }

  /* Ask for this login's key. Resolves to "ready", "login" or "wiped"; rejects when offline. */
  function connect() {
    return fetchJson(urls.key + "?device=" + encodeURIComponent(deviceToken())).then(function (answer) {
      if (answer.login) {
        return fetchJson(urls.state + "?device=" + encodeURIComponent(deviceToken())).then(function (check) {
          return check.status === 410 ? wipe().then(function () { return "wiped"; }) : "login";
        });
      }
      if (answer.status === 410) {
        return wipe().then(function () { return "wiped"; });
      }
      if (answer.status !== 200) {
        throw new Error("key " + answer.status);
      }
      return adopt(answer.json).then(function () { return "ready"; });
    });
  }

  /* Take the server's key. Another user's data never stays; the same user's unsent days move
   * to the new key (a new login after the session ended), the old key is dropped. */
  function adopt(issued) {
    state.csrf = issued.csrf;
    if (state.device && state.device.token === issued.device) {
      return Promise.resolve();
    }
    return importKey(issued.key).then(function (key) {
      var previous = state.device;
      var carry = Promise.resolve([]);
      if (previous && previous.user === issued.user && state.key) {
        carry = readSealed("queue").catch(function () { return []; });
      }
      return carry.then(function (unsent) {
        return wipe().then(function () {
          state.key = key;
          state.device = { token: issued.device, user: issued.user, key: key };
          return put("meta", state.device, "device");
        }).then(function () {
          return Promise.all(unsent.map(function (day) { return putSealed("queue", day.meeting, day); }));
        });
      });
    });
  }

  function refreshSheets() {
    return fetchJson(urls.sheets).then(function (answer) {
      if (answer.status === 410) {
        return wipe().then(function () { setStatus(texts.wiped); });
      }
      if (answer.status !== 200) {
        return null;
      }
      var sheets = answer.json.sheets;
      var tx = state.db.transaction("sheets", "readwrite");
      tx.objectStore("sheets").clear();
      return new Promise(function (resolve) { tx.oncomplete = resolve; }).then(function () {
        return Promise.all(sheets.map(function (sheet) { return putSealed("sheets", sheet.meeting, sheet); }));
      }).then(function () {
        var stamp = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
        return put("meta", stamp, "sheets-updated");
      });
    });
  }

  // Sync --------------------------------------------------------------------------

  function describeDay(day) {
    return day.date + " " + day.module;
  }

  function report(text, kind) {
    var item = document.createElement("li");
    item.textContent = text;
    item.className = "sync-" + kind;
    document.getElementById("sync-results").appendChild(item);
  }

  function sendDay(day) {
    var body = {
      idempotency_key: day.idempotency_key,
      meeting: day.meeting,
      recorded_at: day.recorded_at,
      entries: day.entries,
    };
    return fetchJson(urls.sync, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": state.csrf },
      body: JSON.stringify(body),
    }).then(function (answer) {
      if (answer.login) {
        setStatus(texts.login_needed);
        return "stop";
      }
      if (answer.status === 410) {
        return wipe().then(function () { setStatus(texts.wiped); return "stop"; });
      }
      if (answer.status === 200 || answer.status === 201) {
        var proposed = answer.json.outcome === "proposed";
        report(format(proposed ? texts.proposed : texts.recorded, { day: describeDay(day) }),
               proposed ? "proposed" : "recorded");
        return remove("queue", day.meeting).then(function () { return "sent"; });
      }
      var error = (answer.json && answer.json.error) || String(answer.status);
      var rows = (answer.json && answer.json.rows) || {};
      Object.keys(rows).forEach(function (enrolment) { error += " " + rows[enrolment].join(" "); });
      day.error = error;
      report(format(texts.refused, { day: describeDay(day), error: error }), "refused");
      return putSealed("queue", day.meeting, day).then(function () { return "kept"; });
    });
  }

  function syncAll() {
    if (state.syncing || !state.key || !navigator.onLine) {
      return Promise.resolve();
    }
    state.syncing = true;
    return connect().then(function (outcome) {
      if (outcome === "wiped") {
        setStatus(texts.wiped);
        return null;
      }
      if (outcome === "login") {
        setStatus(texts.login_needed);
        return null;
      }
      return readSealed("queue").then(function (days) {
        days.sort(function (a, b) { return a.date < b.date ? -1 : 1; });
        return days.reduce(function (chain, day) {
          return chain.then(function (previous) { return previous === "stop" ? "stop" : sendDay(day); });
        }, Promise.resolve(null));
      }).then(function () { return refreshSheets(); });
    }).catch(function () {
      setStatus(texts.sending_failed);
    }).then(function () {
      state.syncing = false;
      return render();
    });
  }

  // The page -----------------------------------------------------------------------------

  function render() {
    return Promise.all([readSealed("sheets"), readSealed("queue"), request(store("meta").get("sheets-updated"))])
      .then(function (found) {
        state.sheets = found[0].sort(function (a, b) {
          return (a.date + a.starts_at) < (b.date + b.starts_at) ? -1 : 1;
        });
        state.queue = {};
        found[1].forEach(function (day) { state.queue[day.meeting] = day; });
        var waiting = found[1].length;
        document.getElementById("queue-summary").textContent = waiting === 0 ? texts.queue_empty :
          format(waiting === 1 ? texts.queue_one : texts.queue_other, { count: waiting });
        var queueList = document.getElementById("queue-list");
        queueList.textContent = "";
        found[1].forEach(function (day) {
          var item = document.createElement("li");
          item.textContent = describeDay(day) + (day.error ? " — " + day.error : "");
          queueList.appendChild(item);
        });
        document.getElementById("sheets-state").textContent = found[2] ?
          format(texts.sheets_updated, { time: found[2] }) : texts.sheets_none;
        var list = document.getElementById("sheet-list");
        list.textContent = "";
        state.sheets.forEach(function (sheet) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "button-small";
          button.dataset.meeting = sheet.meeting;
          button.textContent = texts.record;
          button.addEventListener("click", function () { openSheet(sheet.meeting); });
          var recorded = sheet.rows.filter(function (row) { return row.status; }).length;
          var label = document.createElement("span");
          label.textContent = sheet.date + " " + sheet.starts_at + "–" + sheet.ends_at + " · " + sheet.title +
            " · " + sheet.site + " · " + format(texts.recorded_count, { done: recorded, total: sheet.rows.length }) +
            (sheet.locked ? " · " + texts.countersigned : "") +
            (state.queue[sheet.meeting] ? " · " + texts.waiting : "");
          item.appendChild(label);
          item.appendChild(document.createTextNode(" "));
          item.appendChild(button);
          list.appendChild(item);
        });
      });
  }

  function openSheet(meeting) {
    var sheet = state.sheets.filter(function (s) { return s.meeting === meeting; })[0];
    if (!sheet) {
      return;
    }
    var queued = state.queue[meeting];
    var earlier = {};
    if (queued) {
      queued.entries.forEach(function (entry) { earlier[entry.enrolment] = entry; });
    }
    state.open = { sheet: sheet, rows: {} };
    var section = document.getElementById("sheet");
    var heading = document.getElementById("sheet-heading");
    heading.textContent = sheet.date + " " + sheet.starts_at + "–" + sheet.ends_at + " · " + sheet.title;
    document.getElementById("sheet-locked").hidden = !sheet.locked;
    document.getElementById("sheet-error").hidden = true;
    var container = document.getElementById("sheet-rows");
    container.textContent = "";
    var template = document.getElementById("row-template");
    section.hidden = false;
    sheet.rows.forEach(function (row) {
      var node = template.content.firstElementChild.cloneNode(true);
      var value = earlier[row.enrolment] || row;
      node.id = "offline-row-" + row.enrolment;
      node.dataset.enrolment = row.enrolment;
      function field(name) { return node.querySelector("[data-field=" + name + "]"); }
      field("name").textContent = row.name;
      var prompt = field("prompt");
      prompt.textContent = row.prompt.text;
      prompt.lang = row.prompt.lang;
      prompt.dir = row.prompt.dir;
      node.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.name = "status-" + row.enrolment;
        radio.id = "o-" + row.enrolment + "-" + radio.value;
        radio.checked = radio.value === value.status;
      });
      field("arrived_at").value = value.arrived_at || "";
      field("left_at").value = value.left_at || "";
      field("absence_reason").value = value.absence_reason || "";
      field("signed").hidden = !row.signed;
      var canvas = field("canvas");
      canvas.dataset.testid = "offline-signature-" + row.enrolment;
      var entry = { signature: value.signature || "" };
      state.open.rows[row.enrolment] = { node: node, entry: entry };
      container.appendChild(node);
      var drawing = window.ReintegraSignature.pad(canvas, field("clear"), function (path) { entry.signature = path; });
      drawing.set(entry.signature);
    });
    heading.focus();
  }

  function collect() {
    var entries = [];
    Object.keys(state.open.rows).forEach(function (enrolment) {
      var row = state.open.rows[enrolment];
      var node = row.node;
      var checked = node.querySelector("input[type=radio]:checked");
      if (!checked) {
        return;
      }
      var present = checked.value === "present";
      entries.push({
        enrolment: Number(enrolment),
        status: checked.value,
        arrived_at: present ? node.querySelector("[data-field=arrived_at]").value : "",
        left_at: present ? node.querySelector("[data-field=left_at]").value : "",
        absence_reason: present ? "" : node.querySelector("[data-field=absence_reason]").value,
        signature: present ? row.entry.signature : "",
      });
    });
    return entries;
  }

  function saveDay(event) {
    event.preventDefault();
    var sheet = state.open.sheet;
    var entries = collect();
    var error = document.getElementById("sheet-error");
    if (entries.length === 0) {
      error.textContent = texts.nothing_recorded;
      error.hidden = false;
      return;
    }
    // A new key whenever the day changes: a retry of what was sent before keeps its own.
    var day = {
      meeting: sheet.meeting, date: sheet.date, module: sheet.module, entries: entries,
      idempotency_key: crypto.randomUUID(), recorded_at: new Date().toISOString(),
    };
    putSealed("queue", sheet.meeting, day).then(function () {
      document.getElementById("sheet").hidden = true;
      state.open = null;
      setStatus(texts.saved);
      return render();
    }).then(function () {
      if (navigator.onLine) {
        return syncAll();
      }
      return null;
    });
  }

  function showConnection() {
    setStatus(navigator.onLine ? texts.online : texts.offline);
    app.classList.toggle("is-offline", !navigator.onLine);
  }

  function start() {
    if (!window.crypto || !crypto.subtle || !window.indexedDB) {
      setStatus(texts.no_crypto);
      return;
    }
    document.getElementById("sheet-form").addEventListener("submit", saveDay);
    document.getElementById("close-sheet").addEventListener("click", function () {
      document.getElementById("sheet").hidden = true;
      state.open = null;
    });
    document.getElementById("sync-now").addEventListener("click", function () { syncAll(); });
    window.addEventListener("online", function () { showConnection(); syncAll(); });
    window.addEventListener("offline", showConnection);
    showConnection();
    openDb().then(function (db) {
      state.db = db;
      return request(store("meta").get("device"));
    }).then(function (device) {
      if (device) {
        state.device = device;
        state.key = device.key;
      }
      return render();
    }).then(function () {
      if (!navigator.onLine) {
        return null;
      }
      return connect().then(function (outcome) {
        if (outcome === "ready") {
          return readSealed("queue").then(function (days) {
            return days.length ? syncAll() : refreshSheets().then(render);
          });
        }
        setStatus(outcome === "wiped" ? texts.wiped : texts.login_needed);
        return render();
      }).catch(function () { showConnection(); });
    }).then(function () {
      // The service worker registers once the page has its data: its install fetches the page
      // and its files, and running that beside the page's own requests made them race for the
      // session (each request saves it); with SQLite that failed now and then.
      if ("serviceWorker" in navigator) {
        navigator.serviceWorker.register(urls.worker, { scope: urls.scope }).catch(function () {});
      }
      app.dataset.ready = "true";
    });
  }

  start();
})();
