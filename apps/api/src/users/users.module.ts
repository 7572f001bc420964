import { Module } from '@nestjs/common';
import { IdentityModule } from '@runvs/identity';
import { UsersController } from './users.controller';

@Module({ imports: [IdentityModule], controllers: [UsersController] })
export class UsersModule {}
