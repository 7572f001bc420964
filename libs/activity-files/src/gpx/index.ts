export { parseGpx, type GpxParseOptions } from './parse-gpx';
