// Joins a room from the browser. One RTCPeerConnection to the SFU (BUNDLE, rtcp-mux): camera and microphone go out
// on sendonly transceivers, and each producer of the others comes in on a recvonly transceiver of its own. The
// browser always offers and the SFU answers (negotiate); the SFU is ICE-lite, so only its candidates are signalled
// (from createTransport) and it learns the browser's address from the browser's connectivity checks.
// Query: room, token, ws (default: /ws on this host). Tests read window.xsfu: state, errors, stats().
(function () {
  'use strict';

  const VIDEO = { width: 640, height: 360, frameRate: 30 };
  const RATE_WINDOW_MS = 500;

  const query = new URLSearchParams(location.search);
  const producers = new Map();  // key -> the others' producers, as the server describes them
  const receivers = new Map();  // key -> { producer, transceiver, element }
  const samples = new Map();    // stats id -> { bytes, time, kbps }: the last one-second sample for rates
  let socket = null;
  let pc = null;
  let transport = null;
  let candidatesAdded = false;
  let canSubscribe = false;
  let nextId = 1;
  const pending = new Map();    // request id -> { method, resolve, reject }
  let negotiation = Promise.resolve();
  let negotiationQueued = false;

  // state: starting, joined, connected, disconnected, failed or closed; 'connected' is the peer connection's.
  const xsfu = window.xsfu = {
    state: 'starting',
    errors: [],
    participant: null,
    negotiations: 0,
    serverStats: null,
    stats: function () { return collect(false); },
    remote: function () {
      return Array.from(receivers.values()).map(function (r) {
        return { producer: r.producer.key, kind: r.producer.kind, mid: r.transceiver.mid };
      });
    },
    leave: leave
  };

  // ---- signaling ---------------------------------------------------------------------------

  function connect(url) {
    return new Promise(function (resolve, reject) {
      socket = new WebSocket(url);
      socket.onopen = function () { resolve(); };
      socket.onerror = function () { reject(new Error('cannot connect to ' + url)); };
      socket.onmessage = onMessage;
      socket.onclose = function (e) {
        pending.forEach(function (w) { w.reject(new Error(w.method + ': connection closed (' + e.code + ')')); });
        pending.clear();
        if (xsfu.state !== 'failed') {
          setState('closed');
          status('Signaling closed (' + e.code + (e.reason ? ': ' + e.reason : '') + ').', false);
        }
      };
    });
  }

  function request(method, params) {
    return new Promise(function (resolve, reject) {
      if (!socket || socket.readyState !== WebSocket.OPEN) {
        reject(new Error(method + ': not connected'));
        return;
      }
      const id = nextId++;
      pending.set(id, { method: method, resolve: resolve, reject: reject });
      socket.send(JSON.stringify({ id: id, method: method, params: params || {} }));
    });
  }

  function onMessage(event) {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      fail('unreadable message from the server: ' + e.message);
      return;
    }
    if (message.event) {
      onEvent(message.event, message.data || {});
      return;
    }
    const waiting = pending.get(message.id);
    if (!waiting) {
      if (message.error) { fail('server: ' + message.error.code + ': ' + message.error.message); }
      return;
    }
    pending.delete(message.id);
    if (message.error) {
      waiting.reject(new Error(waiting.method + ': ' + message.error.code + ': ' + message.error.message));
    } else {
      waiting.resolve(message.result);
    }
  }

  function onEvent(name, data) {
    switch (name) {
      case 'newProducer':
        producers.set(data.key, data);
        renegotiate();
        break;
      case 'producerClosed':
        producers.delete(data.producer);
        renegotiate();
        break;
      case 'participantLeft':
        // Its producerClosed events come first; this only guards against a missed one.
        producers.forEach(function (p, key) { if (p.participant === data.participant) { producers.delete(key); } });
        renegotiate();
        break;
      case 'stats':
        xsfu.serverStats = data;
        break;
      case 'sessionReplaced':
        setState('closed');
        status('Replaced by another connection of ' + xsfu.participant + '.', true);
        break;
      case 'serverClosing':
        status('The server is shutting down.', true);
        break;
      default:
        break;
    }
  }

  // ---- media ---------------------------------------------------------------------------------

  async function start() {
    const room = query.get('room');
    const token = query.get('token');
    if (!room || !token) { throw new Error('the page needs ?room=...&token=... (and optionally &ws=...)'); }
    const ws = query.get('ws') || (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    status('Connecting to ' + ws + '...', false);
    await connect(ws);
    let joined = await request('join', { room: room, token: token });
    if (joined.resumed) {
      // A reload within the grace period resumes the old session, whose peer connection went with the old page.
      await request('leave');
      joined = await request('join', { room: room, token: token });
    }
    xsfu.participant = joined.participant;
    setState('joined');
    status('Joined ' + joined.room + ' as ' + joined.participant + '.', false);
    const canPublish = joined.permissions.indexOf('publish') >= 0;
    canSubscribe = joined.permissions.indexOf('subscribe') >= 0;
    joined.producers.forEach(function (p) { producers.set(p.key, p); });

    let media = null;
    if (canPublish) {
      media = await navigator.mediaDevices.getUserMedia({ audio: true, video: VIDEO });
      document.getElementById('local').srcObject = media;
    }
    transport = await request('createTransport', { webrtc: true });
    pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    pc.onconnectionstatechange = onConnectionState;
    if (media) {
      media.getTracks().forEach(function (track) {
        pc.addTransceiver(track, { direction: 'sendonly', streams: [media] });
      });
    }
    renegotiate();
    await negotiation;
    setInterval(tick, 1000);
  }

  // Negotiations run one at a time; events during one queue (at most) one more, which sees every change.
  function renegotiate() {
    if (!pc || negotiationQueued) { return; }
    negotiationQueued = true;
    negotiation = negotiation.then(function () {
      negotiationQueued = false;
      return negotiate();
    }).catch(function (e) {
      fail('negotiation failed: ' + e.message);
    });
  }

  async function negotiate() {
    if (pc.signalingState === 'closed') { return; }
    syncReceivers();
    if (pc.getTransceivers().length === 0) { return; }  // nothing to send or receive yet: an offer would be empty
    await pc.setLocalDescription(await pc.createOffer());
    const receive = [];
    receivers.forEach(function (r) {
      if (r.transceiver.mid !== null) { receive.push({ mid: r.transceiver.mid, producer: r.producer.key }); }
    });
    let answer;
    try {
      answer = await request('negotiate', { sdp: pc.localDescription.sdp, receive: receive });
    } catch (e) {
      await pc.setLocalDescription({ type: 'rollback' });
      throw e;
    }
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    if (!candidatesAdded) {
      await addServerCandidates();
      candidatesAdded = true;
    }
    xsfu.negotiations++;
  }

  // A recvonly transceiver for each producer not received yet; stop those whose producer has gone.
  function syncReceivers() {
    receivers.forEach(function (r, key) {
      if (!producers.has(key)) {
        r.transceiver.stop();
        r.element.remove();
        receivers.delete(key);
      }
    });
    if (!canSubscribe) { return; }
    producers.forEach(function (p, key) {
      if (receivers.has(key) || (p.kind !== 'audio' && p.kind !== 'video')) { return; }
      const transceiver = pc.addTransceiver(p.kind, { direction: 'recvonly' });
      receivers.set(key, { producer: p, transceiver: transceiver, element: show(p, transceiver.receiver.track) });
    });
  }

  function show(producer, track) {
    const stream = new MediaStream([track]);
    if (producer.kind === 'audio') {
      const audio = document.createElement('audio');
      audio.autoplay = true;
      audio.srcObject = stream;
      document.body.appendChild(audio);
      return audio;
    }
    const figure = document.createElement('figure');
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = true;  // its sound comes from the audio producer
    video.srcObject = stream;
    const caption = document.createElement('figcaption');
    caption.textContent = producer.key;
    figure.appendChild(video);
    figure.appendChild(caption);
    document.getElementById('videos').appendChild(figure);
    return figure;
  }

  // The SFU's host candidates, on the first m-line: with BUNDLE every m-line uses its transport.
  async function addServerCandidates() {
    const mid = /^a=mid:(\S+)/m.exec(pc.localDescription.sdp);
    for (const c of transport.candidates) {
      const line = 'candidate:' + c.foundation + ' 1 ' + c.protocol + ' ' + c.priority + ' ' + c.address + ' '
        + c.port + ' typ ' + c.type;
      await pc.addIceCandidate({ candidate: line, sdpMid: mid ? mid[1] : null, sdpMLineIndex: 0 });
    }
  }

  function onConnectionState() {
    const s = pc.connectionState;
    if (s === 'connected') {
      setState('connected');
      status('Connected as ' + xsfu.participant + '.', false);
    } else if (s === 'disconnected') {
      setState('disconnected');
      status('Media disconnected; waiting for it to come back...', true);
    } else if (s === 'failed') {
      fail('the peer connection failed (ICE or DTLS)');
    }
  }

  async function leave() {
    if (pc) { pc.close(); }
    try {
      await request('leave');
    } finally {
      setState('closed');
      if (socket) { socket.close(1000); }
    }
  }

  // ---- stats ---------------------------------------------------------------------------------

  // kbit/s over the last one-second sample; calls in between (tests) do not disturb the samples.
  function rate(id, bytes, now, update) {
    const previous = samples.get(id);
    let kbps = previous ? previous.kbps : null;
    if (previous && now - previous.time >= RATE_WINDOW_MS) {
      kbps = (bytes - previous.bytes) * 8 / (now - previous.time);
    }
    if (update && (!previous || now - previous.time >= RATE_WINDOW_MS)) {
      samples.set(id, { bytes: bytes, time: now, kbps: kbps });
    }
    return kbps === null ? null : Math.round(kbps);
  }

  function producerOf(s) {
    let found = null;
    receivers.forEach(function (r) {
      if ((s.mid !== undefined && r.transceiver.mid === s.mid)
          || r.transceiver.receiver.track.id === s.trackIdentifier) {
        found = r.producer.key;
      }
    });
    return found;
  }

  async function collect(update) {
    const out = { state: xsfu.state, video: [], audio: [], outbound: [], transport: null };
    if (!pc) { return out; }
    const report = await pc.getStats();
    const now = performance.now();
    const byId = new Map();
    report.forEach(function (s) { byId.set(s.id, s); });
    report.forEach(function (s) {
      if (s.type === 'inbound-rtp') {
        const entry = {
          producer: producerOf(s), mid: s.mid === undefined ? null : s.mid, ssrc: s.ssrc,
          packetsReceived: s.packetsReceived || 0, packetsLost: s.packetsLost || 0,
          bytesReceived: s.bytesReceived || 0, kbps: rate(s.id, s.bytesReceived || 0, now, update)
        };
        if (s.kind === 'video') {
          entry.framesDecoded = s.framesDecoded || 0;
          entry.keyFramesDecoded = s.keyFramesDecoded || 0;
          entry.framesPerSecond = s.framesPerSecond || 0;
          entry.frameWidth = s.frameWidth || 0;
          entry.frameHeight = s.frameHeight || 0;
          entry.nackCount = s.nackCount || 0;
          entry.pliCount = s.pliCount || 0;
          // What a layer switch that the decoder could not follow leaves behind: frames that arrived but were never
          // shown, stalls (freezes and pauses, in seconds), and keyframe requests the browser had to make itself.
          entry.framesReceived = s.framesReceived || 0;
          entry.framesDropped = s.framesDropped || 0;
          entry.freezeCount = s.freezeCount || 0;
          entry.totalFreezesDuration = s.totalFreezesDuration || 0;
          entry.pauseCount = s.pauseCount || 0;
          entry.totalPausesDuration = s.totalPausesDuration || 0;
          entry.firCount = s.firCount || 0;
          entry.decoderImplementation = s.decoderImplementation || null;
          out.video.push(entry);
        } else {
          entry.totalSamplesReceived = s.totalSamplesReceived || 0;
          out.audio.push(entry);
        }
      } else if (s.type === 'outbound-rtp') {
        out.outbound.push({
          kind: s.kind, mid: s.mid === undefined ? null : s.mid, ssrc: s.ssrc, packetsSent: s.packetsSent || 0,
          bytesSent: s.bytesSent || 0, framesEncoded: s.framesEncoded || 0,
          kbps: rate(s.id, s.bytesSent || 0, now, update)
        });
      } else if (s.type === 'transport') {
        const pair = s.selectedCandidatePairId ? byId.get(s.selectedCandidatePairId) : null;
        const local = pair ? byId.get(pair.localCandidateId) : null;
        const remote = pair ? byId.get(pair.remoteCandidateId) : null;
        out.transport = {
          iceState: s.iceState || null, dtlsState: s.dtlsState || null, srtpCipher: s.srtpCipher || null,
          local: local ? endpoint(local) : null,
          // The browser's own ICE port: the UDP destination port of everything the SFU sends it (to shape it).
          localPort: local ? local.port : null,
          remote: remote ? endpoint(remote) : null,
          roundTripTime: pair && pair.currentRoundTripTime !== undefined ? pair.currentRoundTripTime : null
        };
      }
    });
    return out;
  }

  // A peer-reflexive remote candidate has its address hidden in stats: only its port is shown then.
  function endpoint(candidate) {
    const address = candidate.address || '';
    return (address.indexOf(':') >= 0 ? '[' + address + ']' : address) + ':' + candidate.port;
  }

  async function tick() {
    try {
      render(await collect(true));
    } catch (e) {
      console.warn('xsfu: stats', e);
    }
  }

  function cell(tag, text, numeric) {
    const e = document.createElement(tag);
    e.textContent = text === null || text === undefined ? '-' : String(text);
    if (numeric) { e.className = 'n'; }
    return e;
  }

  function render(s) {
    const root = document.getElementById('stats');
    root.replaceChildren();
    if (s.transport) {
      const t = s.transport;
      root.appendChild(cell('p', 'ICE ' + t.iceState + ', DTLS ' + t.dtlsState + (t.srtpCipher ? ' (' + t.srtpCipher + ')' : '')
        + (t.local ? ', ' + t.local + ' \u2192 ' + t.remote : '')));
    }
    const rows = s.video.map(function (v) {
      return [v.producer || v.mid, 'video', v.kbps, v.framesDecoded, v.framesPerSecond, v.packetsReceived, v.packetsLost];
    }).concat(s.audio.map(function (a) {
      return [a.producer || a.mid, 'audio', a.kbps, null, null, a.packetsReceived, a.packetsLost];
    }));
    if (rows.length === 0) {
      root.appendChild(cell('p', 'Nothing received yet.'));
      return;
    }
    const table = document.createElement('table');
    const head = document.createElement('tr');
    ['producer', 'kind', 'kbit/s', 'frames decoded', 'fps', 'packets', 'lost'].forEach(function (h) {
      head.appendChild(cell('th', h));
    });
    table.appendChild(head);
    rows.forEach(function (r) {
      const tr = document.createElement('tr');
      r.forEach(function (c, i) { tr.appendChild(cell('td', c, i >= 2)); });
      table.appendChild(tr);
    });
    root.appendChild(table);
  }

  // ---- page ----------------------------------------------------------------------------------

  function setState(state) {
    if (xsfu.state === 'closed') { return; }
    xsfu.state = state;
  }

  function status(text, error) {
    const s = document.getElementById('status');
    s.textContent = text;
    s.className = error ? 'error' : '';
  }

  function fail(message) {
    xsfu.errors.push(message);
    console.error('xsfu: ' + message);
    setState('failed');
    status(message, true);
  }

  // Leaving at once spares the others the grace period in which the server would wait for a reconnect.
  window.addEventListener('pagehide', function () {
    if (socket && socket.readyState === WebSocket.OPEN && xsfu.state !== 'closed') {
      socket.send(JSON.stringify({ id: nextId++, method: 'leave', params: {} }));
    }
  });

  start().catch(function (e) { fail(e.message); });
}());
