export { PrivacyModule } from './privacy.module';
export { privacyScope, type PrivacyWarning, PrivacyZonesService } from './privacy-zones.service';
export { parsePrivacyZones, type PrivacyZoneView, toZoneView } from './privacy.rules';
export { PrivacyRerenderService } from './privacy-rerender.service';
