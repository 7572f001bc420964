export { tcxParseSteps, parseTcx, type TcxParseOptions } from './parse-tcx';
