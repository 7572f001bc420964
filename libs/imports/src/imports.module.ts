import { Module } from '@nestjs/common';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/** Activity file imports: upload, status, and (in the worker) the import job. */
@Module({
  providers: [ImportsRepository, ImportsService],
  exports: [ImportsService],
})
export class ImportsModule {}
