import { Module } from '@nestjs/common';
import { IdentityModule } from '@runvs/identity';
import { UploadsController } from './uploads.controller';

@Module({ imports: [IdentityModule], controllers: [UploadsController] })
export class UploadsModule {}
