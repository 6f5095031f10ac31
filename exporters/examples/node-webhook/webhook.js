#!/usr/bin/env node
// An Evex exporter in Node.js: each NUL-separated message on stdin (an event or a batch array)
// is POSTed as JSON to the URL given as first argument. Failed posts are retried a few times;
// what still fails is reported on stderr, which Evex logs with the exporter's name.
'use strict';

const [url, timeoutMs = '5000'] = process.argv.slice(2);
let pending = Buffer.alloc(0);
let chain = Promise.resolve();

async function post(body) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(Number(timeoutMs)),
      });
      if (res.ok) return;
      console.error(`POST ${url} answered ${res.status} (attempt ${attempt})`);
    } catch (err) {
      console.error(`POST ${url} failed: ${err.message} (attempt ${attempt})`);
    }
    await new Promise((r) => setTimeout(r, 200 * attempt));
  }
}

process.stdin.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  let end;
  while ((end = pending.indexOf(0)) >= 0) {
    const body = pending.subarray(0, end).toString('utf8');
    pending = pending.subarray(end + 1);
    chain = chain.then(() => post(body)); // in order, one request at a time
  }
});
process.stdin.on('end', () => chain.then(() => process.exit(0)));
