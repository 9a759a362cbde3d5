/* The outbox: one IndexedDB database shared by the pages and the service worker.
 * A classic script (the worker loads it with importScripts), exposing self.Outbox.
 * An item leaves 'outbox' only when the server answered 'stored' or 'duplicate' for its id
 * (it then moves to 'sent'), or 'rejected' with retry false (it moves to 'failed', shown to
 * the learner), or 'gone' (her account was deleted: moved to 'failed' with that reason).
 * Scholarship applications wait here too; they go to their own endpoint (no token: whoever
 * applies has no account yet) with the same envelope and answers.
 * It also keeps the data meter ('meter': bytes per month of the phone's calendar) and the
 * phone's settings ('meta'). */
(function (scope) {
  'use strict';
  var DB_NAME = 'mujeres-online';
  var DB_VERSION = 2;  // 2: the 'meter' store
  var STORES = ['outbox', 'failed', 'sent', 'meta', 'meter'];
  var KEYED = ['outbox', 'failed', 'sent'];  // the others take their keys out of line
  var BATCH = 50;
  var SENT_KEPT = 100;
  var CONTRACT = ['id', 'type', 'token', 'quiz', 'lesson', 'content_version', 'answers',
    'answered_at', 'completed_at', 'call', 'fields'];
  var TYPES = ['quiz_attempt', 'lesson_completed', 'application'];
  var ENDPOINTS = { application: '/api/applications' };  // any other type: /api/sync
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  function open() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB_NAME, DB_VERSION);
      // Only adds the stores a version lacks: what an older version holds stays as it is.
      req.onupgradeneeded = function () {
        STORES.forEach(function (name) {
          if (!req.result.objectStoreNames.contains(name)) {
            req.result.createObjectStore(name, KEYED.indexOf(name) >= 0 ? { keyPath: 'id' } : undefined);
          }
        });
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  // Run fn(tx) in one transaction over the named stores; resolve with fn's value once committed.
  function tx(names, mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(names, mode);
        var value;
        t.oncomplete = function () { db.close(); resolve(value instanceof IDBRequest ? value.result : value); };
        t.onerror = t.onabort = function () { db.close(); reject(t.error); };
        value = fn(t);
      });
    });
  }

  function getAll(name) { return tx([name], 'readonly', function (t) { return t.objectStore(name).getAll(); }); }
  function getMeta(key) { return tx(['meta'], 'readonly', function (t) { return t.objectStore('meta').get(key); }); }
  function setMeta(key, value) {
    return tx(['meta'], 'readwrite', function (t) { t.objectStore('meta').put(value, key); });
  }
  function delMeta(key) { return tx(['meta'], 'readwrite', function (t) { t.objectStore('meta').delete(key); }); }

  function deviceId() {
    return getMeta('device').then(function (id) {
      if (id) return id;
      id = crypto.randomUUID();
      return setMeta('device', id).then(function () { return id; });
    });
  }

  function add(item) {
    item.created = item.created || new Date().toISOString();
    return tx(['outbox'], 'readwrite', function (t) { t.objectStore('outbox').put(item); });
  }

  // needsLoginOf: the learners whose items wait for a sign-in (their token was revoked).
  // pendingApplications, failedApplications: how many of pending and failed are applications.
  function counts() {
    var applications = function (items) { return items.filter(function (i) { return i.type === 'application'; }).length; };
    return tx(['outbox', 'failed'], 'readonly', function (t) {
      var out = { pending: 0, failed: 0, needsLogin: 0, needsLoginOf: [], pendingApplications: 0, failedApplications: 0 };
      t.objectStore('outbox').getAll().onsuccess = function (e) {
        var blocked = e.target.result.filter(function (i) { return i.needs_login; });
        out.pending = e.target.result.length;
        out.pendingApplications = applications(e.target.result);
        out.needsLogin = blocked.length;
        out.needsLoginOf = blocked.map(function (i) { return i.learner; });
      };
      t.objectStore('failed').getAll().onsuccess = function (e) {
        out.failed = e.target.result.length;
        out.failedApplications = applications(e.target.result);
      };
      return out;
    });
  }

  // After a sign-in: give this learner's waiting items her new token, so they can go again.
  function resign(learnerId, token) {
    return tx(['outbox'], 'readwrite', function (t) {
      var store = t.objectStore('outbox');
      store.getAll().onsuccess = function (e) {
        e.target.result.forEach(function (item) {
          if (item.learner === learnerId && (item.token !== token || item.needs_login)) {
            item.token = token;
            delete item.needs_login;
            store.put(item);
          }
        });
      };
    });
  }

  function forWire(item) {
    var out = {};
    CONTRACT.forEach(function (k) { if (item[k] !== undefined) out[k] = item[k]; });
    return out;
  }

  // Unless a sign-in re-signed it while it travelled: then the new token may well work.
  function markNeedsLogin(store, sent) {
    store.get(sent.id).onsuccess = function (e) {
      var item = e.target.result;
      if (item && item.token === sent.token) { item.needs_login = true; store.put(item); }
    };
  }

  // Apply the server's answers in one transaction: nothing leaves the outbox unacknowledged.
  function settle(items, results) {
    var byId = {};
    items.forEach(function (i) { byId[i.id] = i; });
    return tx(['outbox', 'failed', 'sent'], 'readwrite', function (t) {
      var outbox = t.objectStore('outbox');
      var summary = { sent: [], failed: [], waiting: 0 };
      results.forEach(function (r) {
        var item = byId[r.id];
        if (!item) return;
        var now = new Date().toISOString();
        if (r.status === 'stored' || r.status === 'duplicate') {
          t.objectStore('sent').put({ id: item.id, type: item.type, title: item.title, learner: item.learner,
            receipt: r.receipt, score: r.score, max_score: r.max_score, sent_at: now });
          outbox.delete(item.id);
          summary.sent.push(r);
        } else if (r.status === 'gone' || (r.status === 'rejected' && r.retry === false)) {
          item.reason = r.status === 'gone' ? 'gone' : r.reason;
          item.field = r.field;
          item.errors = r.errors;
          item.failed_at = now;
          t.objectStore('failed').put(item);
          outbox.delete(item.id);
          summary.failed.push(r);
        } else {
          if (r.reason === 'token_revoked') markNeedsLogin(outbox, item);
          summary.waiting += 1;
        }
      });
      return summary;
    }).then(function (summary) { return trimSent().then(function () { return summary; }); });
  }

  // Applications stay: her reference code matters for months, and there are only a few.
  function trimSent() {
    return tx(['sent'], 'readwrite', function (t) {
      var store = t.objectStore('sent');
      store.getAll().onsuccess = function (e) {
        var rows = e.target.result.filter(function (r) { return r.type !== 'application'; })
          .sort(function (a, b) { return a.sent_at < b.sent_at ? 1 : -1; });
        rows.slice(SENT_KEPT).forEach(function (r) { store.delete(r.id); });
      };
    });
  }

  // A hanging request would hold the flush lock: give up after a while (the items stay queued).
  function sendBatch(items, via, url) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, scope.Outbox.sendTimeoutMs);
    return deviceId().then(function (device) {
      return fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-Outbox-Via': via || '' },
        body: JSON.stringify({ device: device, items: items.map(forWire) }),
        signal: controller.signal
      });
    }).then(function (resp) {
      if (!resp.ok) throw new Error('sync failed: HTTP ' + resp.status);
      return resp.json();
    }).then(function (body) {
      clearTimeout(timer);
      return settle(items, body.results || []);
    }, function (err) {
      clearTimeout(timer);
      throw err;
    });
  }

  // An item the server could only refuse with a 400 for the whole batch (no UUID, unknown
  // type) would block every other item forever: set it aside as not sendable instead.
  function malformed(item) {
    return !UUID.test(item.id) || TYPES.indexOf(item.type) < 0;
  }

  function setAside(items) {
    if (!items.length) return Promise.resolve();
    return tx(['outbox', 'failed'], 'readwrite', function (t) {
      items.forEach(function (item) {
        item.reason = 'invalid_item';
        item.failed_at = new Date().toISOString();
        t.objectStore('failed').put(item);
        t.objectStore('outbox').delete(item.id);
      });
    });
  }

  // Send what waits (not the items that need a sign-in first), in batches.
  function flushNow(via) {
    var total = { sent: [], failed: [], waiting: 0 };
    return getAll('outbox').then(function (all) {
      var bad = all.filter(malformed);
      total.failed = bad.map(function (i) { return { id: i.id, status: 'rejected', reason: 'invalid_item' }; });
      return setAside(bad).then(function () { return all.filter(function (i) { return !malformed(i); }); });
    }).then(function (all) {
      var ready = all.filter(function (i) { return !i.needs_login; })
        .sort(function (a, b) { return a.created < b.created ? -1 : 1; });
      var byUrl = {};
      ready.forEach(function (item) {
        var url = ENDPOINTS[item.type] || '/api/sync';
        (byUrl[url] = byUrl[url] || []).push(item);
      });
      // One endpoint's failure must not hold back the other's batches. After a failed batch the
      // same endpoint's later ones wait too (a hanging server would cost a timeout each).
      var chain = Promise.resolve();
      var answered = 0, error = null;
      Object.keys(byUrl).forEach(function (url) {
        var down = false;
        for (var i = 0; i < byUrl[url].length; i += BATCH) {
          (function (batch) {
            chain = chain.then(function () {
              if (down) { total.waiting += batch.length; return; }
              return sendBatch(batch, via, url).then(function (s) {
                answered += 1;
                total.sent = total.sent.concat(s.sent);
                total.failed = total.failed.concat(s.failed);
                total.waiting += s.waiting;
              }, function (err) {
                down = true;
                error = error || err;
                total.waiting += batch.length;
              });
            });
          })(byUrl[url].slice(i, i + BATCH));
        }
      });
      // Nothing answered (offline, server down): fail as before, so the caller retries later.
      return chain.then(function () {
        if (error && !answered) throw error;
        return total;
      });
    });
  }

  // One flush at a time per device, page or worker alike (Web Locks where they exist).
  // By default a flush gives way when another is running ({busy: true}): that one sends.
  // With wait, it queues behind it and then sends what is left, e.g. an answer just queued
  // after the running flush had read the outbox.
  function flush(via, options) {
    var locks = scope.navigator && scope.navigator.locks;
    if (!locks) return flushNow(via);
    var mode = options && options.wait ? {} : { ifAvailable: true };
    return locks.request('outbox-flush', mode, function (lock) {
      return lock ? flushNow(via) : { busy: true, sent: [], failed: [], waiting: 0 };
    });
  }

  // Only when she chooses to correct a refused application and send it again as a new one,
  // or to remove it from the phone.
  function dismiss(id) {
    return tx(['failed'], 'readwrite', function (t) { t.objectStore('failed').delete(id); });
  }

  // The data meter: bytes fetched from the network ('downloaded') and bytes a downloaded
  // module answered instead ('saved'), per month of the phone's calendar, e.g. '2026-11'.
  // A new month starts from zero; the month before is kept, older ones are dropped.
  function monthKey(date, back) {
    var d = new Date(date.getFullYear(), date.getMonth() - (back || 0), 1);
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0');
  }

  function meterAdd(amounts) {
    var now = new Date();
    var key = monthKey(now);
    return tx(['meter'], 'readwrite', function (t) {
      var store = t.objectStore('meter');
      store.get(key).onsuccess = function (e) {
        var row = e.target.result || { downloaded: 0, saved: 0 };
        row.downloaded += amounts.downloaded || 0;
        row.saved += amounts.saved || 0;
        store.put(row, key);
      };
      store.delete(IDBKeyRange.upperBound(monthKey(now, 1), true));
    });
  }

  function meterRead() {
    var now = new Date();
    return tx(['meter'], 'readonly', function (t) {
      var store = t.objectStore('meter');
      var out = { month: monthKey(now), downloaded: 0, saved: 0, last: null };
      store.get(out.month).onsuccess = function (e) {
        if (e.target.result) { out.downloaded = e.target.result.downloaded; out.saved = e.target.result.saved; }
      };
      store.get(monthKey(now, 1)).onsuccess = function (e) { out.last = e.target.result || null; };
      return out;
    });
  }

  scope.Outbox = {
    add: add, all: function () { return getAll('outbox'); }, failed: function () { return getAll('failed'); },
    sent: function () { return getAll('sent'); }, counts: counts, flush: flush, resign: resign, dismiss: dismiss,
    getMeta: getMeta, setMeta: setMeta, delMeta: delMeta, deviceId: deviceId,
    meter: { add: meterAdd, read: meterRead },
    sendTimeoutMs: 30000
  };
})(self);
