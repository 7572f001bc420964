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
