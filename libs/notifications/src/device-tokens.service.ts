import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DeviceRegistration } from './inbox.types';

/**
 * FCM device tokens. A token identifies one app install: registering it again moves it to the
 * caller (the phone changed hands or accounts), and a user may have several devices.
 */
@Injectable()
export class DeviceTokensService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async register(userId: string, device: DeviceRegistration): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO device_tokens (user_id, token, platform) VALUES ($1, $2, $3)
       ON CONFLICT (token) DO UPDATE SET user_id = EXCLUDED.user_id, platform = EXCLUDED.platform, updated_at = now()`,
      [userId, device.deviceToken, device.platform],
    );
  }

  /**
   * Forgets a token whoever holds it (the reference behaviour: the token itself is the secret, and
   * the app unregisters on logout, possibly after another account used the device). Idempotent.
   */
  async unregister(deviceToken: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM device_tokens WHERE token = $1`, [deviceToken]);
  }
}
