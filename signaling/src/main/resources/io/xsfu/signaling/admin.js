// Polls /admin/rooms once a second with the typed token and shows each stream's packet rate,
// computed from two successive reads (the server reports counts and the time it read them).
(function () {
  'use strict';
  var token = null;
  var previous = null;
  var timer = null;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function table(headers, rows) {
    var t = el('table');
    var head = el('tr');
    headers.forEach(function (h) { head.appendChild(el('th', h)); });
    t.appendChild(head);
    rows.forEach(function (cells) {
      var tr = el('tr');
      cells.forEach(function (c) {
        var numeric = typeof c === 'number' || /^[0-9]+\.[0-9]$/.test(c);
        tr.appendChild(el('td', c, numeric ? 'n' : null));
      });
      t.appendChild(tr);
    });
    return t;
  }

  function rate(key, packets, now) {
    if (!previous || !(key in previous.counts) || now <= previous.time) { return '-'; }
    var perSecond = (packets - previous.counts[key]) * 1000 / (now - previous.time);
    return perSecond < 0 ? '-' : perSecond.toFixed(1);
  }

  function render(data) {
    var counts = {};
    var root = document.getElementById('rooms');
    root.replaceChildren();
    if (data.rooms.length === 0) { root.appendChild(el('p', 'No rooms.', 'muted')); }
    data.rooms.forEach(function (room) {
      var count = room.participants.length;
      root.appendChild(el('h2', 'Room ' + room.id + ' (' + count + (count === 1 ? ' participant)' : ' participants)')));
      root.appendChild(table(['participant', 'signaling', 'port', 'remote', 'rx pkt', 'rx pkt/s', 'tx pkt', 'tx pkt/s'],
        room.participants.map(function (p) {
          var rx = room.id + '/' + p.id + '/rx', tx = room.id + '/' + p.id + '/tx';
          counts[rx] = p.rxPackets; counts[tx] = p.txPackets;
          return [p.id + (p.static ? ' (configured)' : ''), p.signaling, p.port === null ? '-' : p.port,
            p.remote === null ? '-' : p.remote, p.rxPackets, rate(rx, p.rxPackets, data.time),
            p.txPackets, rate(tx, p.txPackets, data.time)];
        })));
      var producers = [], consumers = [];
      room.participants.forEach(function (p) {
        p.producers.forEach(function (s) {
          var key = room.id + '/p/' + s.key;
          counts[key] = s.packets;
          producers.push([s.key, s.kind, s.codec, s.payloadType, s.packets, rate(key, s.packets, data.time)]);
        });
        p.consumers.forEach(function (c) {
          var key = room.id + '/c/' + p.id + '/' + c.id;
          counts[key] = c.packets;
          consumers.push([p.id, c.id, c.producer, c.ssrc, c.paused ? 'paused' : 'active', c.packets,
            rate(key, c.packets, data.time)]);
        });
      });
      if (producers.length) {
        root.appendChild(table(['producer', 'kind', 'codec', 'PT', 'rx pkt', 'rx pkt/s'], producers));
      }
      if (consumers.length) {
        root.appendChild(table(['subscriber', 'consumer', 'producer', 'ssrc', 'state', 'tx pkt', 'tx pkt/s'], consumers));
      }
    });
    previous = { time: data.time, counts: counts };
  }

  function status(text, error) {
    var s = document.getElementById('status');
    s.textContent = text;
    s.className = error ? 'error' : '';
  }

  function poll() {
    fetch('/admin/rooms', { headers: { 'Authorization': 'Bearer ' + token }, cache: 'no-store' })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) { throw new Error(response.status + ': ' + (body.error || response.statusText)); }
          return body;
        });
      })
      .then(function (data) {
        render(data);
        status('Updated ' + new Date(data.time).toLocaleTimeString() + '.', false);
        timer = setTimeout(poll, 1000);
      })
      .catch(function (e) {
        status('Cannot read rooms: ' + e.message, true);
        timer = setTimeout(poll, 5000);
      });
  }

  document.getElementById('login').addEventListener('submit', function (event) {
    event.preventDefault();
    token = document.getElementById('token').value.trim();
    previous = null;
    if (timer) { clearTimeout(timer); }
    if (token) { status('Loading...', false); poll(); }
  });
}());
