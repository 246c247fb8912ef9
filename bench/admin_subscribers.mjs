// The admin's subscriber list and search at 100,000 subscribers: imports them with
// `tribune subscribers import`, serves the site and times each screen (median and worst of
// five, through the real server, signed in as an editor), and the CSV export.
//
// Run from the repository root after building: node bench/admin_subscribers.mjs
// (TRIBUNE_BIN names the binary; tests/browser/node_modules must exist, see tests/browser).
// BENCH_SUBSCRIBERS changes the count.

import path from 'node:path';
import { writeFileSync } from 'node:fs';
import {
  HttpClient, addAccount, makeTempDir, removeDir, startServer, tribune,
} from '../tests/browser/support.mjs';

const COUNT = Number(process.env.BENCH_SUBSCRIBERS || 100_000);
const EDITOR = { name: 'Mesure', email: 'mesure@example.org', password: 'un long mot de passe', role: 'editor' };

// A list shaped like a newsroom's: mostly confirmed, some pending, unsubscribed and bounced.
function subscribersCsv() {
  const statuses = ['confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed',
    'confirmed', 'confirmed', 'pending', 'unsubscribed'];
  const domains = ['example.org', 'example.net', 'mail.example.com', 'presse.example.ml'];
  const lines = ['email,status,frequency,lang'];
  for (let i = 0; i < COUNT; i++) {
    const status = i % 25 === 0 ? 'bounced' : statuses[i % statuses.length];
    lines.push(`lecteur${String(i).padStart(6, '0')}.${(i * 7919) % 1000}@${domains[i % 4]},${status},${i % 3 ? 'each' : 'daily'},fr`);
  }
  return lines.join('\r\n') + '\r\n';
}

const root = makeTempDir('tribune-bench-subscribers-');
const data = path.join(root, 'data');
let server;
try {
  await tribune('init', '--data', data, '--name', 'Mesure', '--locale', 'fr');
  const csv = path.join(root, 'subscribers.csv');
  writeFileSync(csv, subscribersCsv());
  let started = Date.now();
  console.log(`${(await tribune('subscribers', 'import', '--data', data, csv)).trim()} in ${Date.now() - started} ms`);
  await addAccount(data, EDITOR);
  server = await startServer(data);
  const client = new HttpClient(server.url);
  await client.login(EDITOR.email, EDITOR.password);
  const time = async (target) => {
    const took = [];
    let status;
    for (let i = 0; i < 5; i++) {
      const start = process.hrtime.bigint();
      status = (await client.get(target)).status;
      took.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    took.sort((a, b) => a - b);
    console.log(`| ${target} | ${status} | ${took[2].toFixed(1)} | ${took[4].toFixed(1)} |`);
  };
  console.log(`\n${COUNT} subscribers\n\n| page | status | median ms | worst ms |\n|---|---:|---:|---:|`);
  for (const target of [
    '/admin/subscribers/',
    '/admin/subscribers/?status=bounced',
    '/admin/subscribers/?after=lecteur090000',
    '/admin/subscribers/?status=confirmed&after=lecteur099000',
    '/admin/subscribers/?q=lecteur050000',
    '/admin/subscribers/?q=presse.example.ml',
    '/admin/subscribers/?q=no-such-address',
    '/admin/outbox/',
  ]) await time(target);
  const { csrf } = await client.page('/admin/subscribers/');
  started = Date.now();
  const exported = await client.post('/admin/subscribers/export/', { csrf });
  console.log(`\nexport: ${exported.status}, ${exported.text.length} bytes in ${Date.now() - started} ms`);
} finally {
  await server?.stop();
  removeDir(root);
}
