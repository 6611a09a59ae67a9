#!/usr/bin/env node
// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Puts several runs of attache-bench side by side: for every figure the median of the runs, their
// range, the upstream's median and each run's PASS/MISS, as one Markdown table.
//
//   node tests/bench/summarize.mjs run1.json run2.json run3.json
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: summarize.mjs RUN.json...');
  process.exit(2);
}
const runs = files.map((file) => JSON.parse(readFileSync(file, 'utf8')));

const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const decimalsFor = (unit, value) => {
  if (unit === 'events/s' || unit === 'streams') return 0;
  if (unit === 'kB/conn' || unit === 'kB/stream') return 1;
  return Math.abs(value) >= 10 ? 1 : 3;
};
const format = (value, unit) =>
  value === null
    ? '—'
    : value.toLocaleString('en-US', {
        minimumFractionDigits: decimalsFor(unit, value),
        maximumFractionDigits: decimalsFor(unit, value),
      });

const order = [];
for (const run of runs) {
  for (const key of run.order) if (!order.includes(key)) order.push(key);
}
const commits = [...new Set(runs.map((run) => run.commit + (run.dirty ? '+' : '')))];
console.log(`${runs.length} runs, ${runs[0].mode} mode, commit ${commits.join(', ')}\n`);
console.log(
  `| figure | unit | Attache, median | range (${runs.length} runs) | direct, median | target | result (each run) |`,
);
console.log('| --- | --- | ---: | ---: | ---: | --- | --- |');
for (const key of order) {
  const figures = runs.map((run) => run.figures[key]).filter(Boolean);
  const first = figures[0];
  const mine = figures.map((f) => f.attache).filter((v) => typeof v === 'number');
  const range = mine.length
    ? `${format(Math.min(...mine), first.unit)}–${format(Math.max(...mine), first.unit)}`
    : '—';
  const results = first.target ? figures.map((f) => (f.pass ? 'PASS' : 'MISS')).join(' ') : '';
  const label = first.label.replace(/^ +/, (spaces) => '&nbsp;'.repeat(spaces.length));
  console.log(
    `| ${label} | ${first.unit} | ${format(median(mine), first.unit)} | ${range} | ` +
      `${format(median(figures.map((f) => f.direct)), first.unit)} | ${first.target ?? ''} | ${results} |`,
  );
}
const met = runs.map((run) => Object.values(run.figures).filter((f) => f.target && f.pass).length);
const total = runs.map((run) => Object.values(run.figures).filter((f) => f.target).length);
console.log(`\nTargets met: ${met.map((m, i) => `${m} of ${total[i]}`).join(', ')}.`);
