import { staticImageUrl, staticThumbnailUrl } from './mapbox-static';
import type { LngLat } from './types';

const TOKEN = 'pk.test-token';
const three = {
  type: 'LineString',
  coordinates: [
    [127.0, 37.5],
    [127.01, 37.51],
    [127.02, 37.52],
  ] as LngLat[],
};

/** The overlay between /static/ and /auto/. */
function pathPart(url: string): string {
  return url.slice(url.indexOf('/static/') + 8, url.indexOf('/auto/'));
}

describe('staticThumbnailUrl (§6.5a, §17 thumbnail cases)', () => {
  it('3 coordinates + token → a Mapbox URL with the token', () => {
    const url = staticThumbnailUrl(three, TOKEN)!;
    expect(url).not.toBeNull();
    expect(url).toContain('api.mapbox.com');
    expect(url).toContain(TOKEN);
  });

  it('no token → null', () => {
    expect(staticThumbnailUrl(three, '')).toBeNull();
    expect(staticThumbnailUrl(three, null)).toBeNull();
    expect(staticThumbnailUrl(three, undefined)).toBeNull();
  });

  it('null or {} geometry → null', () => {
    expect(staticThumbnailUrl(null, TOKEN)).toBeNull();
    expect(staticThumbnailUrl({}, TOKEN)).toBeNull();
  });

  it('a single coordinate → null', () => {
    expect(staticThumbnailUrl({ type: 'LineString', coordinates: [[127, 37.5]] }, TOKEN)).toBeNull();
  });

  it('200 collinear coordinates → at most 55 separators in the path', () => {
    const coordinates: LngLat[] = Array.from({ length: 200 }, (_, i) => [127 + i * 0.001, 37.5 + i * 0.001]);
    const path = pathPart(staticThumbnailUrl({ type: 'LineString', coordinates }, TOKEN)!);
    const separators = path.split('%3B').length - 1 + (path.split(';').length - 1);
    expect(separators).toBeLessThanOrEqual(55);
  });

  it('(0,0),(1,1) → outdoors-v12 at 600x300@2x', () => {
    const url = staticThumbnailUrl(
      {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      },
      TOKEN,
    )!;
    expect(url).toContain('outdoors-v12');
    expect(url).toContain('600x300@2x');
  });

  it('builds the exact overlay: path-4+FFC800-0.9, encoded lng,lat;… with 6 decimals, padding 50', () => {
    expect(staticThumbnailUrl(three, TOKEN)).toBe(
      'https://api.mapbox.com/styles/v1/mapbox/outdoors-v12/static/' +
        'path-4+FFC800-0.9(127%2C37.5%3B127.02%2C37.52)/auto/600x300@2x?access_token=pk.test-token&padding=50',
    );
  });

  it('caps a long wiggly route at 80 points', () => {
    const coordinates: LngLat[] = Array.from({ length: 1000 }, (_, i) => [
      127 + i * 0.0005,
      37.5 + Math.sin(i / 3) * 0.002,
    ]);
    const path = pathPart(staticThumbnailUrl({ type: 'LineString', coordinates }, TOKEN)!);
    expect(path.split('%3B')).toHaveLength(80);
  });
});

describe('staticImageUrl (§6.5b)', () => {
  it('builds a GeoJSON overlay at 600x400@2x with padding 40', () => {
    const url = staticImageUrl(three, TOKEN)!;
    expect(url.startsWith('https://api.mapbox.com/styles/v1/mapbox/outdoors-v12/static/geojson(')).toBe(true);
    expect(url.endsWith('/auto/600x400@2x?access_token=pk.test-token&padding=40')).toBe(true);
    const json = decodeURIComponent(url.slice(url.indexOf('geojson(') + 8, url.indexOf(')/auto/')));
    expect(JSON.parse(json)).toEqual({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: three.coordinates },
      properties: { stroke: '#FFC800', 'stroke-width': 5, 'stroke-opacity': 0.9 },
    });
  });

  it('samples at most 100 points including the last, and returns null without token or points', () => {
    const coordinates: LngLat[] = Array.from({ length: 1000 }, (_, i) => [127 + i * 0.0001, 37.5]);
    const url = staticImageUrl({ type: 'LineString', coordinates }, TOKEN)!;
    const feature = JSON.parse(
      decodeURIComponent(url.slice(url.indexOf('geojson(') + 8, url.indexOf(')/auto/'))),
    );
    expect(feature.geometry.coordinates).toHaveLength(100);
    expect(feature.geometry.coordinates[99]).toEqual([127.0999, 37.5]);
    expect(staticImageUrl(three, '')).toBeNull();
    expect(staticImageUrl({ coordinates: [[1, 2]] }, TOKEN)).toBeNull();
  });
});
