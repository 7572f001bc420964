import sharp from 'sharp';
import { HttpFake, type RecordedRequest, sendJson } from './http-fake';

export type MapboxMode = 'ok' | 'server-error' | 'rate-limited' | 'jpeg';

/** The colour of every picture the fake answers, so tests can tell its images from ours. */
export const FAKE_MAPBOX_COLOUR = { r: 12, g: 140, b: 200 };
const MAX_URL_LENGTH = 8_192;
const STATIC_PATH = /^\/styles\/v1\/([^/]+)\/([^/]+)\/static\/([^/]+)\/auto\/(\d+)x(\d+)(@2x)?$/;

/**
 * Mapbox's Static Images API as external-apis.md §7 records it: `GET /styles/v1/{user}/{style}/static/
 * {overlay}/auto/{w}x{h}{@2x}?access_token=…`, a PNG on success, JSON `{message}` errors (401 without
 * or with a wrong token, 413 over 8,192 characters, 422 for an overlay it cannot read, 404 for other
 * paths, 429/500 on demand).
 */
export class FakeMapbox {
  mode: MapboxMode = 'ok';
  readonly server: HttpFake;

  constructor(public token = 'pk.fake-mapbox-token') {
    this.server = new HttpFake((request, response) => this.handle(request, response));
  }

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  get requests(): RecordedRequest[] {
    return this.server.requests;
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** The GeoJSON feature of a recorded request's overlay. */
  static overlayOf(request: RecordedRequest): { geometry: { coordinates: number[][] }; properties: object } {
    const overlay = decodeURIComponent(STATIC_PATH.exec(request.path)![3]);
    return JSON.parse(overlay.slice('geojson('.length, -1)) as never;
  }

  private async handle(request: RecordedRequest, response: Parameters<typeof sendJson>[0]): Promise<void> {
    const urlLength = request.path.length + request.query.toString().length + 1;
    if (urlLength > MAX_URL_LENGTH) return sendJson(response, 413, { message: 'Request URI too large' });
    const token = request.query.get('access_token');
    if (!token) return sendJson(response, 401, { message: 'Not Authorized - No Token' });
    if (token !== this.token) return sendJson(response, 401, { message: 'Not Authorized - Invalid Token' });
    const match = STATIC_PATH.exec(request.path);
    if (request.method !== 'GET' || !match) return sendJson(response, 404, { message: 'Not Found' });
    if (this.mode === 'server-error') return sendJson(response, 500, { message: 'Internal Server Error' });
    if (this.mode === 'rate-limited') return sendJson(response, 429, { message: 'Too Many Requests' });
    const overlay = decodeURIComponent(match[3]);
    if (!overlay.startsWith('geojson(') || !overlay.endsWith(')')) {
      return sendJson(response, 422, { message: 'Overlay could not be parsed' });
    }
    try {
      const feature = JSON.parse(overlay.slice('geojson('.length, -1)) as {
        geometry?: { coordinates?: unknown[] };
      };
      if (!Array.isArray(feature.geometry?.coordinates) || feature.geometry.coordinates.length < 2)
        throw new Error();
    } catch {
      return sendJson(response, 422, { message: 'Invalid GeoJSON overlay' });
    }
    const density = match[6] ? 2 : 1;
    const image = sharp({
      create: {
        width: Number(match[4]) * density,
        height: Number(match[5]) * density,
        channels: 3,
        background: FAKE_MAPBOX_COLOUR,
      },
    });
    const jpeg = this.mode === 'jpeg';
    const body = jpeg ? await image.jpeg().toBuffer() : await image.png().toBuffer();
    response.writeHead(200, {
      'Content-Type': jpeg ? 'image/jpeg' : 'image/png',
      'Content-Length': body.length,
    });
    response.end(body);
  }
}
