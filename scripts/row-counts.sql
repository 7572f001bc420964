-- Exact row counts of the application's tables, one "schema.table<TAB>count" line each, sorted.
-- Tables an extension creates (PostGIS's spatial_ref_sys) are left out: CREATE EXTENSION restores them.
-- Used by scripts/backup.sh (in the dump's snapshot) and scripts/restore-drill.sh (after the restore).
SELECT format('%s.%s', n.nspname, c.relname) || chr(9) ||
       (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p')
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
 ORDER BY 1;
