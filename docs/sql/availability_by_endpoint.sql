-- Availability per endpoint, worst first, from a rollup split by endpoint
-- (--export-by endpoint): the report's endpoint table, over every endpoint
-- the breakdown kept. Endpoints beyond its cap are one row, '(other)'.
-- Expects a view "rollup" over the Parquet files; add LIMIT 20 for the
-- report's top.
SELECT
    endpoint,
    sum(requests)                                       AS requests,
    sum(CASE WHEN bad THEN requests ELSE 0 END)         AS bad,
    1 - sum(CASE WHEN bad THEN requests ELSE 0 END)::DOUBLE
        / sum(requests)                                 AS availability
FROM rollup
GROUP BY endpoint
ORDER BY bad DESC, requests DESC, endpoint;
