import { Module } from '@nestjs/common';
import { IdentityModule } from '@runvs/identity';
import { RunsModule } from '@runvs/runs';
import { UsersController } from './users.controller';

@Module({ imports: [IdentityModule, RunsModule], controllers: [UsersController] })
export class UsersModule {}
