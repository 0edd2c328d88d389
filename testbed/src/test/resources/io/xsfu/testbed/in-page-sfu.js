// Stands in for the SFU until it speaks WebRTC: a WebSocket replacement that answers the signaling protocol of
// docs/signaling.md (join, createTransport {webrtc}, negotiate, leave) with an answering RTCPeerConnection in the
// same page, which sends a second fake camera and microphone as the producers of "bob". Events are pushed by the
// test (window.fake.event). Only its loopback candidates are put in its answers, so every check goes to 127.0.0.1
// (or, in reply, to the page's own sockets on this host).
(function () {
  'use strict';
  const bob = {};
  let sfuPc = null;
  let socket = null;
  window.fake = { log: [], answers: 0 };
  const producers = [
    { key: 'bob/mic', participant: 'bob', id: 'mic', kind: 'audio', codec: 'opus', payloadType: 111, clockRate: 48000 },
    { key: 'bob/cam', participant: 'bob', id: 'cam', kind: 'video', codec: 'VP8', payloadType: 96, clockRate: 90000 }
  ];
  function loopbackOnly(sdp) {
    return sdp.split('\r\n').filter(l => !l.startsWith('a=candidate:') || (/ 127\.0\.0\.1 /.test(l) && / udp /i.test(l))).join('\r\n');
  }
  async function handle(m) {
    window.fake.log.push(m.method + ' ' + JSON.stringify(m.params).slice(0, 200));
    if (m.method === 'join') {
      const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      bob.audio = media.getAudioTracks()[0];
      bob.video = media.getVideoTracks()[0];
      return { room: 'call', participant: 'alice', permissions: ['publish', 'subscribe'], resumed: false,
               participants: ['bob'], producers: producers, self: { transport: null, producers: [], consumers: [] } };
    }
    if (m.method === 'createTransport') {
      sfuPc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
      window.fake.pc = sfuPc;
      // A real answerer's candidates exist only once it has answered: they come in the answer instead.
      return { addresses: ['127.0.0.1'], port: 9, ice: { ufrag: 'x', pwd: 'y', lite: true }, candidates: [],
               dtls: { fingerprint: { algorithm: 'sha-256', value: '00' } } };
    }
    if (m.method === 'negotiate') {
      await sfuPc.setRemoteDescription({ type: 'offer', sdp: m.params.sdp });
      for (const r of m.params.receive) {
        const t = sfuPc.getTransceivers().find(t => t.mid === r.mid);
        t.direction = 'sendonly';
        await t.sender.replaceTrack(t.receiver.track.kind === 'audio' ? bob.audio : bob.video.clone());
      }
      await sfuPc.setLocalDescription(await sfuPc.createAnswer());
      if (sfuPc.iceGatheringState !== 'complete') {
        await new Promise(resolve => sfuPc.addEventListener('icegatheringstatechange', () => {
          if (sfuPc.iceGatheringState === 'complete') resolve();
        }));
      }
      window.fake.answers++;
      return { sdp: loopbackOnly(sfuPc.localDescription.sdp) };
    }
    if (m.method === 'leave') return {};
    throw new Error('fake: no ' + m.method);
  }
  class FakeSocket {
    constructor(url) {
      socket = this;
      this.readyState = 0;
      window.fake.url = url;
      setTimeout(() => { this.readyState = 1; this.onopen(); }, 0);
    }
    send(text) {
      const m = JSON.parse(text);
      handle(m).then(result => this.deliver({ id: m.id, result: result }),
                     e => this.deliver({ id: m.id, error: { code: 'INTERNAL', message: String(e) } }));
    }
    deliver(o) { setTimeout(() => this.onmessage({ data: JSON.stringify(o) }), 0); }
    close() {}
  }
  FakeSocket.OPEN = 1;
  window.WebSocket = FakeSocket;
  window.fake.event = (name, data) => socket.deliver({ event: name, data: data });
})();
