export { fitParseSteps, parseFit, FIT_DEFAULT_MAX_RECORDS, type ParseFitOptions } from './parse-fit';
