/**
 * Test-only GPX reader: pulls `<trkpt lat lon><ele><time>` out of a file with regular expressions.
 * Good enough for the fixtures our tests use; the real parser lives in @runvs/activity-files.
 * Not exported from index.ts.
 */
import { readFileSync } from 'node:fs';
import type { GeoPoint } from '../types';

const TRKPT = /<trkpt\b([^>]*)>([\s\S]*?)<\/trkpt>|<trkpt\b([^>]*)\/>/g;

function attr(attrs: string, name: string): number {
  const m = new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`).exec(attrs);
  return m ? Number(m[1]) : NaN;
}

function tag(body: string, name: string): string | null {
  const m = new RegExp(`<(?:\\w+:)?${name}>\\s*([^<]*?)\\s*</(?:\\w+:)?${name}>`).exec(body);
  return m ? m[1] : null;
}

export function parseGpxPoints(xml: string): GeoPoint[] {
  const out: GeoPoint[] = [];
  for (const m of xml.matchAll(TRKPT)) {
    const attrs = m[1] ?? m[3] ?? '';
    const body = m[2] ?? '';
    const ele = tag(body, 'ele');
    const time = tag(body, 'time');
    const eleNum = ele === null || ele === '' ? null : Number(ele);
    const t = time === null ? null : Date.parse(time);
    out.push({
      lat: attr(attrs, 'lat'),
      lng: attr(attrs, 'lon'),
      ele: eleNum === null || Number.isNaN(eleNum) ? null : eleNum,
      time: t === null || Number.isNaN(t) ? null : t,
    });
  }
  return out;
}

export function readGpxPoints(file: string): GeoPoint[] {
  return parseGpxPoints(readFileSync(file, 'utf8'));
}
