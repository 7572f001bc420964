export { gpxParseSteps, parseGpx, type GpxParseOptions } from './parse-gpx';
