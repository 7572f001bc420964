import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One grid cell a run touches at one level (see migrations/1763900000000-heatmap.ts). */
@Entity('heatmap_cells')
export class HeatmapCellEntity {
  @PrimaryColumn({ type: 'smallint' }) level!: number;
  @PrimaryColumn({ name: 'cell_y', type: 'integer' }) cellY!: number;
  @PrimaryColumn({ name: 'cell_x', type: 'integer' }) cellX!: number;
  @PrimaryColumn({ name: 'run_record_id', type: 'uuid' }) runRecordId!: string;
  /** The runner, so a cell shows only once enough distinct runners passed (k-anonymity). */
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
}
