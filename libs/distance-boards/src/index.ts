export {
  BOARD_PERIOD_KINDS,
  type BoardPeriod,
  type BoardPeriodKind,
  boardPeriod,
} from './board-period.rules';
export { DistanceBoardsModule } from './distance-boards.module';
export {
  type DistanceBoard,
  type DistanceBoardEntry,
  type DistanceBoardQuery,
  DistanceBoardsService,
} from './distance-boards.service';
export type { BoardUser as DistanceBoardUser } from './distance-boards.repository';
export { OVERALL as OVERALL_BOARD, encodeStats } from './distance-boards.rules';
export { DistanceBoardsStore } from './distance-boards.store';
