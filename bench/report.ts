import { cpus } from 'node:os';
import type { FanoutResult } from './realtime-fanout';

export interface Row {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The nginx figure this row is divided by, when not the plain static baseline. */
  baseline?: { name: string; rps: number };
  /** E.g. `≥ 0.35×` or `p99 ≤ 30 ms`, and whether it is met. */
  target?: { text: string; met: boolean };
}

export interface Report {
  startedAt: Date;
  environment: string[];
  notes: string[];
  baselineRps: number;
  rows: Row[];
  fanout: FanoutResult[];
}

const fixed = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function ratioCell(row: Row, baselineRps: number) {
  const plain = `${fixed(row.rps / baselineRps, 3)}×`;
  return row.baseline ? `${plain} (${fixed(row.rps / row.baseline.rps, 3)}× ${row.baseline.name})` : plain;
}

/** The whole run as Markdown: what ran where, the HTTP table and the fan-out table. */
export function renderReport(report: Report): string {
  const lines = [
    `Run at ${report.startedAt.toISOString()}.`,
    '',
    ...report.environment.map((line) => `- ${line}`),
    ...report.notes.map((line) => `- ${line}`),
    '',
    '| scenario | rps | p50 ms | p99 ms | × nginx static | target | errors |',
    '|---|---:|---:|---:|---:|---|---:|',
    ...report.rows
      .map((row) =>
        [
          row.scenario,
          fixed(row.rps, 0),
          fixed(row.p50, 2),
          fixed(row.p99, 2),
          ratioCell(row, report.baselineRps),
          row.target ? `${row.target.text} ${row.target.met ? '✅ met' : '❌ missed'}` : '',
          String(row.errors),
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
    '',
    "Realtime fan-out: one comment published to a post room with N sockets, from the commit of the room log insert to each socket's receipt (20 rounds after 3 warm-up rounds).",
    '',
    '| host | sockets | samples | p50 ms | p99 ms | max ms | target |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...report.fanout.map((r) => {
      const target =
        r.host === 'Node host' && r.sockets === 1000 ? `p99 ≤ 100 ms ${r.p99 <= 100 ? '✅ met' : '❌ missed'}` : '';
      return `| ${r.host} | ${r.sockets} | ${r.samples} | ${r.p50} | ${r.p99} | ${r.max} | ${target} |`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * How busy the machine was when a bench started (its own load comes after), from the 1-minute load
 * average, in words for the report; `caveat` is what a reader should make of a busy run.
 */
export function describeLoad(loadAtStart: number, caveat: string): string {
  const cores = cpus().length;
  return loadAtStart > cores
    ? `**this machine's ${cores} cores were shared with other work** (load ${loadAtStart.toFixed(1)} at the start): ${caveat}`
    : `a quiet machine (load ${loadAtStart.toFixed(1)} on ${cores} cores at the start)`;
}
