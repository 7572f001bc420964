import { Module } from '@nestjs/common';
import { PrivacyModule } from '@runvs/privacy';
import { PrivacyZonesController } from './privacy-zones.controller';

@Module({ imports: [PrivacyModule], controllers: [PrivacyZonesController] })
export class PrivacyApiModule {}
