// A channel's live picture in an <img>: the API's latest image, asked for again as soon as the last
// one arrived (plus a pause), not an MJPEG stream. A browser opens at most six connections to a
// server and does not always end a multipart stream when a page moves on; short requests on a
// kept-alive connection never pile up, and the runtime encodes each frame once whoever asks. A
// channel that is not live (restarting, reconnecting) is waited for by the server (wait_ms) and
// answers 204 when it stays away: no error in the browser for what is a normal state.
import { token } from './api.js';

export function livePicture(img, channel, width, pauseMs) {
  let stopped = false;
  let shown = null;
  const path = `/api/v1/channels/${encodeURIComponent(channel)}/image?width=${width}&wait_ms=3000`;
  const tick = async () => {
    let delay = pauseMs;
    try {
      const r = await fetch(path, { headers: { Authorization: `Bearer ${token()}` }, cache: 'no-store' });
      if (r.status === 200) {
        const url = URL.createObjectURL(await r.blob());
        if (stopped) {
          URL.revokeObjectURL(url);
        } else {
          img.src = url;
          if (shown) URL.revokeObjectURL(shown);
          shown = url;
        }
      } else {
        delay = 1000;
      }
    } catch (e) {
      delay = 2000;
    }
    if (!stopped) setTimeout(tick, delay);
  };
  tick();
  return () => {
    stopped = true;
  };
}
