// Drives Evex with the npm "onvif" client (agsh/onvif), as a VMS would: a well-known client that
// Evex's authors did not write. Prints one JSON line per finding; exits 1 with the error otherwise.
//   node client.js HOST PORT USER PASSWORD profiles [wsse|digest]
//   node client.js HOST PORT USER PASSWORD events SECONDS
const { Cam } = require('onvif');

const [host, port, username, password, mode, arg] = process.argv.slice(2);
const useWSSecurity = !(mode === 'profiles' && arg === 'digest');
const cam = new Cam({ hostname: host, port: Number(port), username, password, timeout: 15000,
  autoconnect: false, useWSSecurity });

function fail(err) {
  console.log(JSON.stringify({ error: String(err && err.message ? err.message : err) }));
  process.exit(1);
}

function call(fn, ...args) {
  return new Promise((resolve, reject) => fn.call(cam, ...args, (err, data) => (err ? reject(err) : resolve(data))));
}

async function profiles() {
  const info = await call(cam.getDeviceInformation);
  console.log(JSON.stringify({ device: info }));
  for (const p of cam.profiles) {
    const uri = await call(cam.getStreamUri, { protocol: 'RTSP', profileToken: p.$.token });
    const snapshot = await call(cam.getSnapshotUri, { profileToken: p.$.token });
    const enc = p.videoEncoderConfiguration || {};
    console.log(JSON.stringify({
      profile: p.$.token, name: p.name, encoding: enc.encoding,
      width: enc.resolution && enc.resolution.width, height: enc.resolution && enc.resolution.height,
      metadata: Boolean(p.metadataConfiguration), uri: uri.uri, snapshot: snapshot.uri, media2: cam.media2Support,
    }));
  }
}

async function events(seconds) {
  const props = await call(cam.getEventProperties);
  console.log(JSON.stringify({ topics: Object.keys(props.topicSet || {}) }));
  await call(cam.createPullPointSubscription);
  const end = Date.now() + seconds * 1000;
  const seen = new Set();
  // Until a line crossing and a change of a zone came, or the time is up.
  while (Date.now() < end && !(seen.has('Crossed') && seen.has('ObjectsInside'))) {
    const data = await call(cam.pullMessages, { messageLimit: 20 });
    let messages = data.notificationMessage || [];
    if (!Array.isArray(messages)) messages = [messages];
    for (const m of messages) {
      const msg = m.message.message;
      const items = (part) => {
        const out = {};
        let list = (part && part.simpleItem) || [];
        if (!Array.isArray(list)) list = [list];
        list.forEach((i) => { out[i.$.Name] = i.$.Value; });
        return out;
      };
      if (msg.$.PropertyOperation !== 'Initialized') seen.add(m.topic._.split('/').pop());
      console.log(JSON.stringify({ received: Date.now(), topic: m.topic._, utc: msg.$.UtcTime,
        operation: msg.$.PropertyOperation, source: items(msg.source), data: items(msg.data) }));
    }
  }
  await call(cam.unsubscribe);
}

cam.connect((err) => {
  if (err) fail(err);
  (mode === 'events' ? events(Number(arg || 10)) : profiles()).then(() => process.exit(0), fail);
});
