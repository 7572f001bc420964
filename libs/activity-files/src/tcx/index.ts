export { parseTcx, type TcxParseOptions } from './parse-tcx';
