import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole product schema, written by hand. Conventions:
 * - uuid primary keys from gen_random_uuid(), timestamptz everywhere, snake_case names;
 * - geography(…, 4326) for every stored shape, each with a GiST index;
 * - rows owned by a user cascade on account deletion, rows that merely point at a course or run
 *   are detached (SET NULL) so history survives a course deletion;
 * - updated_at is maintained by a trigger, so raw SQL updates keep it right too.
 */
export class InitialSchema1763800000100 implements MigrationInterface {
  name = 'InitialSchema1763800000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sql = (text: string) => queryRunner.query(text);

    await sql(`
      CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.updated_at := now();
        RETURN NEW;
      END $$`);

    await sql(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_code varchar(8) NOT NULL,
        email varchar(255),
        nickname varchar(12),
        avatar_url text,
        birthday date,
        gender varchar(10),
        height_cm real,
        weight_kg real,
        bio varchar(100),
        instagram_username varchar(30),
        activity_region varchar(100),
        country varchar(50),
        crew_name varchar(50),
        time_zone varchar(64) NOT NULL DEFAULT 'Asia/Seoul',
        weekly_goal_km real NOT NULL DEFAULT 20,
        role varchar(10) NOT NULL DEFAULT 'user',
        is_banned boolean NOT NULL DEFAULT false,
        banned_reason varchar(500),
        banned_at timestamptz,
        banned_until timestamptz,
        banned_by_id uuid,
        total_distance_meters bigint NOT NULL DEFAULT 0,
        total_duration_seconds bigint NOT NULL DEFAULT 0,
        total_runs integer NOT NULL DEFAULT 0,
        total_points integer NOT NULL DEFAULT 0,
        runner_level integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_users_role CHECK (role IN ('user', 'admin')),
        CONSTRAINT chk_users_gender CHECK (gender IN ('male', 'female', 'other')),
        CONSTRAINT chk_users_height CHECK (height_cm BETWEEN 50 AND 300),
        CONSTRAINT chk_users_weight CHECK (weight_kg BETWEEN 20 AND 500),
        CONSTRAINT fk_users_banned_by FOREIGN KEY (banned_by_id) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await sql(`CREATE UNIQUE INDEX uq_users_user_code ON users (user_code)`);
    await sql(
      `CREATE UNIQUE INDEX uq_users_nickname_lower ON users (lower(nickname)) WHERE nickname IS NOT NULL`,
    );
    await sql(`CREATE INDEX ix_users_email_lower ON users (lower(email)) WHERE email IS NOT NULL`);
    await sql(`CREATE INDEX ix_users_nickname_trgm ON users USING gin (lower(nickname) gin_trgm_ops)`);

    await sql(`
      CREATE TABLE social_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        provider varchar(10) NOT NULL,
        provider_id varchar(255) NOT NULL,
        provider_email varchar(255),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_social_accounts_provider CHECK (provider IN ('kakao', 'apple', 'google', 'naver')),
        CONSTRAINT fk_social_accounts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await sql(`CREATE UNIQUE INDEX uq_social_accounts_provider ON social_accounts (provider, provider_id)`);
    await sql(`CREATE INDEX ix_social_accounts_user ON social_accounts (user_id)`);

    await sql(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        token_hash char(64) NOT NULL,
        family_id uuid NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        replaced_by_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fk_refresh_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await sql(`CREATE UNIQUE INDEX uq_refresh_tokens_hash ON refresh_tokens (token_hash)`);
    await sql(`CREATE INDEX ix_refresh_tokens_user ON refresh_tokens (user_id)`);
    await sql(`CREATE INDEX ix_refresh_tokens_expires ON refresh_tokens (expires_at)`);

    await sql(`
      CREATE TABLE device_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        token varchar(4096) NOT NULL,
        platform varchar(10) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_device_tokens_platform CHECK (platform IN ('ios', 'android')),
        CONSTRAINT fk_device_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await sql(`CREATE UNIQUE INDEX uq_device_tokens_token ON device_tokens (token)`);
    await sql(`CREATE INDEX ix_device_tokens_user ON device_tokens (user_id)`);

    await sql(`
      CREATE TABLE strava_connections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        strava_athlete_id bigint NOT NULL,
        athlete_name varchar(200),
        athlete_profile_url text,
        access_token_encrypted text NOT NULL,
        refresh_token_encrypted text NOT NULL,
        token_expires_at timestamptz NOT NULL,
        scopes text[] NOT NULL DEFAULT '{}',
        auto_sync boolean NOT NULL DEFAULT true,
        last_sync_at timestamptz,
        rate_limited_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fk_strava_connections_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await sql(`CREATE UNIQUE INDEX uq_strava_connections_user ON strava_connections (user_id)`);
    await sql(`CREATE UNIQUE INDEX uq_strava_connections_athlete ON strava_connections (strava_athlete_id)`);

    await sql(`
      CREATE TABLE courses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        creator_id uuid NOT NULL,
        run_record_id uuid,
        title varchar(30) NOT NULL,
        description varchar(500),
        route_geometry geography(LineString, 4326) NOT NULL,
        start_point geography(Point, 4326) NOT NULL,
        end_point geography(Point, 4326) NOT NULL,
        distance_meters integer NOT NULL,
        estimated_duration_seconds integer,
        elevation_gain_meters integer NOT NULL DEFAULT 0,
        elevation_loss_meters integer NOT NULL DEFAULT 0,
        elevation_profile jsonb NOT NULL DEFAULT '[]',
        route_preview jsonb,
        checkpoints jsonb NOT NULL DEFAULT '[]',
        tags text[] NOT NULL DEFAULT '{}',
        course_type varchar(10),
        lap_count smallint,
        difficulty varchar(10) NOT NULL DEFAULT 'easy',
        difficulty_score real,
        is_public boolean NOT NULL DEFAULT true,
        is_hidden boolean NOT NULL DEFAULT false,
        hidden_reason varchar(500),
        hidden_at timestamptz,
        thumbnail_url text,
        thumbnail_status varchar(10) NOT NULL DEFAULT 'pending',
        thumbnail_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_courses_distance CHECK (distance_meters > 0),
        CONSTRAINT chk_courses_duration CHECK (estimated_duration_seconds > 0),
        CONSTRAINT chk_courses_type CHECK (course_type IN ('normal', 'loop')),
        CONSTRAINT chk_courses_lap_count CHECK (lap_count BETWEEN 1 AND 10),
        CONSTRAINT chk_courses_difficulty CHECK (difficulty IN ('easy', 'normal', 'hard', 'expert', 'legend')),
        CONSTRAINT chk_courses_thumbnail_status CHECK (thumbnail_status IN ('pending', 'ready', 'failed')),
        CONSTRAINT fk_courses_creator FOREIGN KEY (creator_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await sql(`CREATE INDEX ix_courses_start_point ON courses USING gist (start_point)`);
    await sql(`CREATE INDEX ix_courses_end_point ON courses USING gist (end_point)`);
    await sql(`CREATE INDEX ix_courses_route_geometry ON courses USING gist (route_geometry)`);
    await sql(
      `CREATE INDEX ix_courses_listed_created ON courses (created_at DESC) WHERE is_public AND NOT is_hidden`,
    );
    await sql(`CREATE INDEX ix_courses_creator_created ON courses (creator_id, created_at DESC)`);
    await sql(`CREATE INDEX ix_courses_title_trgm ON courses USING gin (lower(title) gin_trgm_ops)`);
    await sql(`CREATE INDEX ix_courses_distance ON courses (distance_meters)`);

    await sql(`
      CREATE TABLE course_stats (
        course_id uuid PRIMARY KEY,
        total_runs integer NOT NULL DEFAULT 0,
        unique_runners integer NOT NULL DEFAULT 0,
        total_attempts integer NOT NULL DEFAULT 0,
        avg_duration_seconds integer,
        avg_pace_seconds_per_km integer,
        best_duration_seconds integer,
        best_pace_seconds_per_km integer,
        completion_rate real NOT NULL DEFAULT 0,
        runs_by_hour jsonb NOT NULL DEFAULT '{}',
        like_count integer NOT NULL DEFAULT 0,
        favorite_count integer NOT NULL DEFAULT 0,
        review_count integer NOT NULL DEFAULT 0,
        rating_count integer NOT NULL DEFAULT 0,
        avg_rating real,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fk_course_stats_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE
      )`);
    await sql(`CREATE INDEX ix_course_stats_total_runs ON course_stats (total_runs DESC)`);

    await sql(`
      CREATE TABLE run_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        course_id uuid,
        status varchar(12) NOT NULL DEFAULT 'active',
        started_at timestamptz NOT NULL,
        device_info jsonb,
        chunk_count integer NOT NULL DEFAULT 0,
        last_chunk_at timestamptz,
        run_record_id uuid,
        ended_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_run_sessions_status
          CHECK (status IN ('active', 'completed', 'recovered', 'imported', 'discarded')),
        CONSTRAINT fk_run_sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_run_sessions_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE SET NULL
      )`);
    await sql(`CREATE INDEX ix_run_sessions_user_status ON run_sessions (user_id, status)`);
    await sql(
      `CREATE INDEX ix_run_sessions_course_active ON run_sessions (course_id) WHERE status = 'active'`,
    );

    await sql(`
      CREATE TABLE run_chunks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL,
        sequence integer NOT NULL,
        chunk_type varchar(12) NOT NULL,
        raw_gps_points jsonb NOT NULL,
        filtered_points jsonb,
        chunk_summary jsonb,
        cumulative jsonb,
        completed_splits jsonb NOT NULL DEFAULT '[]',
        pause_intervals jsonb NOT NULL DEFAULT '[]',
        point_count integer NOT NULL DEFAULT 0,
        payload_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_run_chunks_sequence CHECK (sequence BETWEEN 0 AND 1000000),
        CONSTRAINT chk_run_chunks_type CHECK (chunk_type IN ('intermediate', 'final', 'emergency')),
        CONSTRAINT fk_run_chunks_session FOREIGN KEY (session_id) REFERENCES run_sessions (id) ON DELETE CASCADE
      )`);
    await sql(`CREATE UNIQUE INDEX uq_run_chunks_session_sequence ON run_chunks (session_id, sequence)`);

    await sql(`
      CREATE TABLE external_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        source varchar(12) NOT NULL,
        status varchar(12) NOT NULL DEFAULT 'pending',
        external_id varchar(64),
        original_filename varchar(255),
        file_key text,
        file_sha256 char(64),
        file_size_bytes integer,
        file_type varchar(8),
        compressed boolean NOT NULL DEFAULT false,
        progress_percent smallint NOT NULL DEFAULT 0,
        activity_type varchar(12),
        import_summary jsonb,
        course_match jsonb,
        run_record_id uuid,
        duplicate_of_run_id uuid,
        duplicate_of_import_id uuid,
        error_message text,
        raw_metadata jsonb,
        attempts integer NOT NULL DEFAULT 0,
        started_at timestamptz,
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_external_imports_source CHECK (source IN ('gpx_upload', 'fit_upload', 'tcx_upload', 'strava')),
        CONSTRAINT chk_external_imports_status CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
        CONSTRAINT chk_external_imports_progress CHECK (progress_percent BETWEEN 0 AND 100),
        CONSTRAINT fk_external_imports_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_external_imports_duplicate_import
          FOREIGN KEY (duplicate_of_import_id) REFERENCES external_imports (id) ON DELETE SET NULL
      )`);
    await sql(
      `CREATE UNIQUE INDEX uq_external_imports_external ON external_imports (user_id, source, external_id) WHERE external_id IS NOT NULL`,
    );
    await sql(`CREATE INDEX ix_external_imports_user_created ON external_imports (user_id, created_at DESC)`);
    await sql(
      `CREATE INDEX ix_external_imports_user_file ON external_imports (user_id, file_sha256) WHERE file_sha256 IS NOT NULL`,
    );

    await sql(`
      CREATE TABLE run_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        session_id uuid,
        course_id uuid,
        external_import_id uuid,
        source varchar(12) NOT NULL DEFAULT 'live',
        activity_type varchar(12) NOT NULL DEFAULT 'running',
        distance_meters integer NOT NULL,
        duration_seconds integer NOT NULL,
        total_elapsed_seconds integer,
        avg_pace_seconds_per_km integer,
        best_pace_seconds_per_km integer,
        avg_speed_ms real,
        max_speed_ms real,
        calories integer,
        elevation_gain_meters integer NOT NULL DEFAULT 0,
        elevation_loss_meters integer NOT NULL DEFAULT 0,
        route_geometry geography(LineString, 4326),
        route_preview jsonb,
        elevation_profile jsonb,
        splits jsonb,
        pause_intervals jsonb NOT NULL DEFAULT '[]',
        best_efforts jsonb,
        filter_config jsonb,
        goal_data jsonb,
        checkpoint_passes jsonb,
        checkpoint_results jsonb,
        client_summary jsonb,
        point_count integer NOT NULL DEFAULT 0,
        device_model varchar(100),
        course_completed boolean,
        route_match_percent real,
        max_deviation_meters real,
        course_completion jsonb,
        is_flagged boolean NOT NULL DEFAULT false,
        flag_reason text,
        flag_reasons jsonb,
        flag_review_status varchar(12),
        flag_reviewed_by_id uuid,
        flag_reviewed_at timestamptz,
        is_ranking_eligible boolean NOT NULL DEFAULT false,
        duplicate_of_run_id uuid,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        matched_at timestamptz,
        ranked_at timestamptz,
        course_stats_at timestamptz,
        user_totals_at timestamptz,
        events_at timestamptz,
        notified_at timestamptz,
        pipeline_completed_at timestamptz,
        pipeline_failed_at timestamptz,
        pipeline_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_run_records_source
          CHECK (source IN ('live', 'recovered', 'gpx_upload', 'fit_upload', 'tcx_upload', 'strava')),
        CONSTRAINT chk_run_records_activity_type
          CHECK (activity_type IN ('running', 'walking', 'hiking', 'cycling', 'swimming', 'rowing', 'other')),
        CONSTRAINT chk_run_records_distance CHECK (distance_meters >= 0),
        CONSTRAINT chk_run_records_duration CHECK (duration_seconds >= 0),
        CONSTRAINT chk_run_records_time_order CHECK (finished_at >= started_at),
        CONSTRAINT chk_run_records_flag_review CHECK (flag_review_status IN ('confirmed', 'dismissed')),
        CONSTRAINT fk_run_records_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_run_records_session FOREIGN KEY (session_id) REFERENCES run_sessions (id) ON DELETE SET NULL,
        CONSTRAINT fk_run_records_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE SET NULL,
        CONSTRAINT fk_run_records_import
          FOREIGN KEY (external_import_id) REFERENCES external_imports (id) ON DELETE SET NULL,
        CONSTRAINT fk_run_records_flag_reviewer
          FOREIGN KEY (flag_reviewed_by_id) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT fk_run_records_duplicate_of
          FOREIGN KEY (duplicate_of_run_id) REFERENCES run_records (id) ON DELETE SET NULL
      )`);
    await sql(
      `CREATE UNIQUE INDEX uq_run_records_session ON run_records (session_id) WHERE session_id IS NOT NULL`,
    );
    await sql(`CREATE INDEX ix_run_records_user_finished ON run_records (user_id, finished_at DESC)`);
    await sql(`CREATE INDEX ix_run_records_user_started ON run_records (user_id, started_at)`);
    await sql(
      `CREATE INDEX ix_run_records_course_duration ON run_records (course_id, duration_seconds) WHERE course_id IS NOT NULL`,
    );
    await sql(
      `CREATE INDEX ix_run_records_course_eligible ON run_records (course_id, finished_at) WHERE is_ranking_eligible`,
    );
    await sql(`CREATE INDEX ix_run_records_route_geometry ON run_records USING gist (route_geometry)`);
    await sql(`CREATE INDEX ix_run_records_flagged ON run_records (created_at DESC) WHERE is_flagged`);
    await sql(
      `CREATE INDEX ix_run_records_pipeline_pending ON run_records (created_at) WHERE pipeline_completed_at IS NULL`,
    );
    await sql(
      `CREATE INDEX ix_run_records_import ON run_records (external_import_id) WHERE external_import_id IS NOT NULL`,
    );

    // The cycles between courses/sessions/imports/rankings and run_records close here.
    await sql(`
      ALTER TABLE courses ADD CONSTRAINT fk_courses_run_record
        FOREIGN KEY (run_record_id) REFERENCES run_records (id) ON DELETE SET NULL`);
    await sql(`
      ALTER TABLE run_sessions ADD CONSTRAINT fk_run_sessions_run_record
        FOREIGN KEY (run_record_id) REFERENCES run_records (id) ON DELETE SET NULL`);
    await sql(`
      ALTER TABLE external_imports ADD CONSTRAINT fk_external_imports_run_record
        FOREIGN KEY (run_record_id) REFERENCES run_records (id) ON DELETE SET NULL`);
    await sql(`
      ALTER TABLE external_imports ADD CONSTRAINT fk_external_imports_duplicate_run
        FOREIGN KEY (duplicate_of_run_id) REFERENCES run_records (id) ON DELETE SET NULL`);

    await sql(`
      CREATE TABLE rankings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL,
        user_id uuid NOT NULL,
        run_record_id uuid,
        best_duration_seconds integer NOT NULL,
        best_pace_seconds_per_km integer NOT NULL,
        run_count integer NOT NULL DEFAULT 1,
        rank integer,
        previous_rank integer,
        previous_best_duration_seconds integer,
        achieved_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fk_rankings_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
        CONSTRAINT fk_rankings_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_rankings_run_record FOREIGN KEY (run_record_id) REFERENCES run_records (id) ON DELETE SET NULL
      )`);
    await sql(`CREATE UNIQUE INDEX uq_rankings_course_user ON rankings (course_id, user_id)`);
    await sql(
      `CREATE INDEX ix_rankings_course_order ON rankings (course_id, best_duration_seconds, achieved_at)`,
    );
    await sql(`CREATE INDEX ix_rankings_user ON rankings (user_id)`);

    await sql(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL,
        user_id uuid NOT NULL,
        rating smallint,
        content varchar(500),
        creator_reply varchar(300),
        creator_reply_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_reviews_rating CHECK (rating BETWEEN 1 AND 5),
        CONSTRAINT chk_reviews_not_empty CHECK (rating IS NOT NULL OR content IS NOT NULL),
        CONSTRAINT fk_reviews_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
        CONSTRAINT fk_reviews_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await sql(`CREATE UNIQUE INDEX uq_reviews_course_user ON reviews (course_id, user_id)`);
    await sql(`CREATE INDEX ix_reviews_course_created ON reviews (course_id, created_at DESC)`);
    await sql(`CREATE INDEX ix_reviews_user ON reviews (user_id)`);

    for (const table of ['course_likes', 'course_favorites']) {
      await sql(`
        CREATE TABLE ${table} (
          course_id uuid NOT NULL,
          user_id uuid NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          CONSTRAINT pk_${table} PRIMARY KEY (course_id, user_id),
          CONSTRAINT fk_${table}_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
          CONSTRAINT fk_${table}_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
        )`);
      await sql(`CREATE INDEX ix_${table}_user_created ON ${table} (user_id, created_at DESC)`);
    }

    await sql(`
      CREATE TABLE follows (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        follower_id uuid NOT NULL,
        following_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_follows_not_self CHECK (follower_id <> following_id),
        CONSTRAINT fk_follows_follower FOREIGN KEY (follower_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_follows_following FOREIGN KEY (following_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await sql(`CREATE UNIQUE INDEX uq_follows_pair ON follows (follower_id, following_id)`);
    await sql(`CREATE INDEX ix_follows_following_created ON follows (following_id, created_at DESC)`);

    await sql(`
      CREATE TABLE user_blocks (
        blocker_id uuid NOT NULL,
        blocked_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_user_blocks PRIMARY KEY (blocker_id, blocked_id),
        CONSTRAINT chk_user_blocks_not_self CHECK (blocker_id <> blocked_id),
        CONSTRAINT fk_user_blocks_blocker FOREIGN KEY (blocker_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_user_blocks_blocked FOREIGN KEY (blocked_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await sql(`CREATE INDEX ix_user_blocks_blocked ON user_blocks (blocked_id)`);

    await sql(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reporter_id uuid NOT NULL,
        target_type varchar(10) NOT NULL,
        target_id uuid NOT NULL,
        reason varchar(50) NOT NULL,
        description varchar(1000),
        status varchar(10) NOT NULL DEFAULT 'open',
        resolved_by_id uuid,
        resolved_at timestamptz,
        resolution_note varchar(1000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_reports_target_type CHECK (target_type IN ('course', 'review', 'user')),
        CONSTRAINT chk_reports_status CHECK (status IN ('open', 'resolved', 'dismissed')),
        CONSTRAINT fk_reports_reporter FOREIGN KEY (reporter_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_reports_resolved_by FOREIGN KEY (resolved_by_id) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await sql(`CREATE UNIQUE INDEX uq_reports_once ON reports (reporter_id, target_type, target_id)`);
    await sql(`CREATE INDEX ix_reports_status_created ON reports (status, created_at)`);

    await sql(`
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title varchar(100) NOT NULL,
        description varchar(1000),
        event_type varchar(10) NOT NULL DEFAULT 'challenge',
        course_id uuid,
        creator_id uuid,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        target_distance_meters integer,
        target_runs integer,
        max_participants integer,
        recurring_schedule varchar(100),
        meeting_point varchar(200),
        center geography(Point, 4326),
        badge_color varchar(9) NOT NULL DEFAULT '#FF5252',
        badge_icon varchar(50) NOT NULL DEFAULT 'trophy',
        is_active boolean NOT NULL DEFAULT true,
        cancelled_at timestamptz,
        participant_count integer NOT NULL DEFAULT 0,
        reminder_sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_events_type CHECK (event_type IN ('challenge', 'crew', 'event')),
        CONSTRAINT chk_events_window CHECK (ends_at > starts_at),
        CONSTRAINT chk_events_target_distance CHECK (target_distance_meters > 0),
        CONSTRAINT chk_events_target_runs CHECK (target_runs > 0),
        CONSTRAINT chk_events_max_participants CHECK (max_participants >= 1),
        CONSTRAINT fk_events_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE SET NULL,
        CONSTRAINT fk_events_creator FOREIGN KEY (creator_id) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await sql(`CREATE INDEX ix_events_center ON events USING gist (center)`);
    await sql(`CREATE INDEX ix_events_active_starts ON events (starts_at) WHERE is_active`);
    await sql(`CREATE INDEX ix_events_creator_created ON events (creator_id, created_at DESC)`);

    await sql(`
      CREATE TABLE event_participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        user_id uuid NOT NULL,
        progress_distance_meters integer NOT NULL DEFAULT 0,
        progress_runs integer NOT NULL DEFAULT 0,
        completed boolean NOT NULL DEFAULT false,
        completed_at timestamptz,
        joined_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fk_event_participants_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
        CONSTRAINT fk_event_participants_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await sql(`CREATE UNIQUE INDEX uq_event_participants_pair ON event_participants (event_id, user_id)`);
    await sql(`CREATE INDEX ix_event_participants_user ON event_participants (user_id)`);

    await sql(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        actor_id uuid,
        type varchar(32) NOT NULL,
        target_id uuid,
        target_type varchar(16),
        title varchar(200),
        body varchar(500),
        data jsonb,
        dedupe_key varchar(200),
        is_read boolean NOT NULL DEFAULT false,
        read_at timestamptz,
        push_status varchar(10) NOT NULL DEFAULT 'pending',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_notifications_push_status CHECK (push_status IN ('pending', 'sent', 'skipped', 'failed')),
        CONSTRAINT fk_notifications_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_notifications_actor FOREIGN KEY (actor_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await sql(`CREATE INDEX ix_notifications_user_created ON notifications (user_id, created_at DESC)`);
    await sql(`CREATE INDEX ix_notifications_user_unread ON notifications (user_id) WHERE NOT is_read`);
    await sql(
      `CREATE INDEX ix_notifications_dedupe ON notifications (dedupe_key, created_at) WHERE dedupe_key IS NOT NULL`,
    );
    await sql(`CREATE INDEX ix_notifications_created ON notifications (created_at)`);

    await sql(`
      CREATE TABLE stored_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid,
        kind varchar(20) NOT NULL,
        storage_key text NOT NULL,
        content_type varchar(100),
        size_bytes bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_stored_files_kind CHECK (kind IN ('avatar', 'image', 'activity_import', 'course_thumbnail')),
        CONSTRAINT fk_stored_files_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await sql(`CREATE UNIQUE INDEX uq_stored_files_key ON stored_files (storage_key)`);
    await sql(`CREATE INDEX ix_stored_files_owner ON stored_files (owner_id)`);

    await sql(`
      CREATE TABLE outbox_events (
        id bigserial PRIMARY KEY,
        queue varchar(40) NOT NULL,
        job_name varchar(80) NOT NULL,
        job_id varchar(200) NOT NULL,
        payload jsonb NOT NULL,
        delay_ms integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        available_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await sql(
      `CREATE INDEX ix_outbox_events_pending ON outbox_events (available_at, id) WHERE published_at IS NULL`,
    );
    await sql(
      `CREATE INDEX ix_outbox_events_published ON outbox_events (published_at) WHERE published_at IS NOT NULL`,
    );

    await sql(`
      CREATE TABLE job_failures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        queue varchar(40) NOT NULL,
        job_name varchar(80) NOT NULL,
        job_id varchar(200),
        payload jsonb,
        error text NOT NULL,
        attempts integer NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      )`);
    await sql(`CREATE INDEX ix_job_failures_open ON job_failures (failed_at DESC) WHERE resolved_at IS NULL`);

    for (const table of [
      'users',
      'device_tokens',
      'strava_connections',
      'courses',
      'course_stats',
      'run_sessions',
      'external_imports',
      'run_records',
      'rankings',
      'reviews',
      'reports',
      'events',
    ]) {
      await sql(
        `CREATE TRIGGER trg_${table}_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'job_failures',
      'outbox_events',
      'stored_files',
      'notifications',
      'event_participants',
      'events',
      'reports',
      'user_blocks',
      'follows',
      'course_favorites',
      'course_likes',
      'reviews',
      'rankings',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    // run_records is referenced from courses, sessions and imports: drop those links first.
    await queryRunner.query(`ALTER TABLE external_imports DROP CONSTRAINT fk_external_imports_duplicate_run`);
    await queryRunner.query(`ALTER TABLE external_imports DROP CONSTRAINT fk_external_imports_run_record`);
    await queryRunner.query(`ALTER TABLE run_sessions DROP CONSTRAINT fk_run_sessions_run_record`);
    await queryRunner.query(`ALTER TABLE courses DROP CONSTRAINT fk_courses_run_record`);
    for (const table of [
      'run_records',
      'external_imports',
      'run_chunks',
      'run_sessions',
      'course_stats',
      'courses',
      'strava_connections',
      'device_tokens',
      'refresh_tokens',
      'social_accounts',
      'users',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION set_updated_at()`);
  }
}
