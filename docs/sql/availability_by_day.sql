-- Availability per day from a slareport Parquet rollup (--export).
-- Expects a view "rollup" over the file, e.g.
--   CREATE VIEW rollup AS SELECT * FROM read_parquet('rollups/*.parquet');
-- Days are in the session time zone: SET TimeZone = 'UTC' for UTC days.
-- A day is whole only when the rollup's bucket_seconds divides it (1m, 5m,
-- 1h or 1d buckets all do).
SELECT
    date_trunc('day', bucket_start)                     AS day,
    sum(requests)                                       AS requests,
    sum(CASE WHEN bad THEN requests ELSE 0 END)         AS bad,
    -- Requests without a valid status (judged = false) are left out of
    -- availability, as in the report.
    1 - sum(CASE WHEN bad THEN requests ELSE 0 END)::DOUBLE
        / nullif(sum(CASE WHEN judged THEN requests ELSE 0 END), 0)
                                                        AS availability
FROM rollup
GROUP BY day
ORDER BY day;
